using System.Collections.Immutable;

namespace CalicoAlp.Doctor.Kube;

/// <summary>
/// One kubeconfig context, resolved: where the API server is, how its certificate is trusted and
/// who the client is. Files named by the kubeconfig are already read (relative to the kubeconfig
/// that named them); an exec plugin runs only when the client is made.
/// </summary>
/// <param name="CertificateAuthorityPem">The cluster's CA bundle; null trusts the system's roots.</param>
/// <param name="TlsServerName">The name the server's certificate is checked against, when it is not the server's host.</param>
/// <param name="Proxy">The cluster's proxy-url; null leaves the environment's HTTPS_PROXY/NO_PROXY in charge.</param>
public sealed record ClusterTarget(
    string ContextName,
    Uri Server,
    string? CertificateAuthorityPem,
    bool InsecureSkipTlsVerify,
    string? TlsServerName,
    Uri? Proxy,
    UserCredentials User)
{
    /// <summary>A server reached without TLS settings or credentials: the tests' recorded cluster on 127.0.0.1.</summary>
    public static ClusterTarget Plain(string server) =>
        new("(none)", new Uri(server), null, false, null, null, UserCredentials.None);
}

/// <summary>A kubeconfig user: at most one way to authenticate is used, in client-go's order (client certificate and a token may go together).</summary>
public sealed record UserCredentials(
    string? Token,
    string? ClientCertificatePem,
    string? ClientKeyPem,
    string? Username,
    string? Password,
    ExecPlugin? Exec)
{
    public static UserCredentials None { get; } = new(null, null, null, null, null, null);

    // A record prints every member; credentials are never printed, in a log or an exception.
    public override string ToString() => $"UserCredentials {{ {(Exec is null ? "static" : $"exec {Exec.Command}")} }}";
}

/// <summary>A client-go credential plugin (users[].user.exec): run once per client, its ExecCredential read from standard output.</summary>
/// <param name="WorkingDirectory">The folder of the kubeconfig that named it: a relative command with a path separator is resolved there.</param>
public sealed record ExecPlugin(
    string Command,
    ImmutableArray<string> Args,
    ImmutableArray<KeyValuePair<string, string>> Env,
    string ApiVersion,
    string? InstallHint,
    string InteractiveMode,
    bool ProvideClusterInfo,
    string WorkingDirectory)
{
    // The env may hold secrets; the command's name is enough to say which plugin failed.
    public override string ToString() => $"ExecPlugin {{ {Command} }}";
}
