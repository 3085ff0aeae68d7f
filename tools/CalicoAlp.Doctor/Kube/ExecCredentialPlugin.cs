using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace CalicoAlp.Doctor.Kube;

/// <summary>
/// Runs a client-go credential plugin the way kubectl does: KUBERNETES_EXEC_INFO in its
/// environment, its standard error and (when interactive) standard input left to the user, and
/// an ExecCredential read from its standard output.
/// </summary>
public static class ExecCredentialPlugin
{
    /// <summary>Long enough for a browser or device-code login; a plugin that hangs longer is stopped.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>What the plugin answered: a bearer token, or a client certificate and key (PEM).</summary>
    public sealed record Credential(string? Token, string? ClientCertificatePem, string? ClientKeyPem)
    {
        public override string ToString() => "Credential { (redacted) }";
    }

    /// <exception cref="KubeconfigException">The plugin is missing, failed, or answered no credential.</exception>
    public static async Task<Credential> RunAsync(ExecPlugin plugin, ClusterTarget target, CancellationToken cancel)
    {
        var interactive = plugin.InteractiveMode != "Never" && !Console.IsInputRedirected;
        if (plugin.InteractiveMode == "Always" && !interactive)
        {
            throw new KubeconfigException($"the exec plugin '{plugin.Command}' needs a terminal (interactiveMode: Always), and standard input is not one");
        }

        // A relative command with a separator is the kubeconfig's neighbour; a bare name is looked up on PATH.
        var command = plugin.Command.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(plugin.Command)
            ? Path.Combine(plugin.WorkingDirectory, plugin.Command)
            : plugin.Command;
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var arg in plugin.Args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in plugin.Env)
        {
            start.Environment[name] = value;
        }

        start.Environment["KUBERNETES_EXEC_INFO"] = ExecInfo(plugin, target, interactive);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new KubeconfigException($"the exec plugin '{plugin.Command}' could not be started ({e.Message}){(plugin.InstallHint is { } hint ? $"; {OneLine(hint)}" : string.Empty)}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(Timeout);
        string output;
        try
        {
            output = await process.StandardOutput.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new KubeconfigException($"the exec plugin '{plugin.Command}' gave no credential within {Timeout.TotalMinutes:0} minutes and was stopped");
        }

        if (process.ExitCode != 0)
        {
            throw new KubeconfigException($"the exec plugin '{plugin.Command}' exited with code {process.ExitCode} (its messages are above)");
        }

        return Parse(plugin, output);
    }

    /// <summary>The ExecCredential's status; its apiVersion must be the one the kubeconfig asked for.</summary>
    public static Credential Parse(ExecPlugin plugin, string output)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(output);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new KubeconfigException($"the exec plugin '{plugin.Command}' did not print an ExecCredential (its output is not JSON)");
        }

        string? Field(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
        if (Field(root, "kind") != "ExecCredential" || Field(root, "apiVersion") != plugin.ApiVersion)
        {
            throw new KubeconfigException($"the exec plugin '{plugin.Command}' printed kind '{Field(root, "kind")}', apiVersion '{Field(root, "apiVersion")}'; expected an ExecCredential of {plugin.ApiVersion}");
        }

        var status = root.TryGetProperty("status", out var s) ? s : default;
        var credential = new Credential(Field(status, "token"), Field(status, "clientCertificateData"), Field(status, "clientKeyData"));
        if (credential.Token is null && (credential.ClientCertificatePem is null || credential.ClientKeyPem is null))
        {
            throw new KubeconfigException($"the exec plugin '{plugin.Command}' answered neither status.token nor status.clientCertificateData with status.clientKeyData");
        }

        return credential;
    }

    private static string ExecInfo(ExecPlugin plugin, ClusterTarget target, bool interactive)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", "ExecCredential");
            json.WriteString("apiVersion", plugin.ApiVersion);
            json.WriteStartObject("spec");
            json.WriteBoolean("interactive", interactive);
            if (plugin.ProvideClusterInfo)
            {
                json.WriteStartObject("cluster");
                json.WriteString("server", target.Server.OriginalString);
                if (target.TlsServerName is { } name)
                {
                    json.WriteString("tls-server-name", name);
                }

                if (target.CertificateAuthorityPem is { } ca)
                {
                    json.WriteBase64String("certificate-authority-data", Encoding.UTF8.GetBytes(ca));
                }

                json.WriteBoolean("insecure-skip-tls-verify", target.InsecureSkipTlsVerify);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
