using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CalicoAlp.Doctor.Kube;

/// <summary>
/// kubeconfig files as kubectl reads them: every file KUBECONFIG lists that exists (else
/// ~/.kube/config), merged so that the first file to name a cluster, user or context, or to set
/// current-context, wins. Only the chosen context is resolved, so a broken entry elsewhere never
/// stops a run. Relative paths are relative to the file that holds them.
/// </summary>
public sealed class Kubeconfig
{
    private readonly Dictionary<string, Entry> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _contexts = new(StringComparer.Ordinal);

    private Kubeconfig(string display) => Display = display;

    /// <summary>The files read, as messages name them.</summary>
    public string Display { get; }

    public string? CurrentContext { get; private set; }

    /// <summary>The files kubectl would read, in order: KUBECONFIG's (split on the path separator), else ~/.kube/config.</summary>
    public static ImmutableArray<string> DefaultPaths(string? kubeconfigVariable, string home) =>
        string.IsNullOrEmpty(kubeconfigVariable)
            ? [Path.Combine(home, ".kube", "config")]
            : [.. kubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)];

    /// <exception cref="KubeconfigException">No file exists, or one is not a kubeconfig.</exception>
    public static Kubeconfig Load(IReadOnlyList<string> paths)
    {
        var existing = paths.Where(File.Exists).Distinct(StringComparer.Ordinal).ToList();
        if (existing.Count == 0)
        {
            throw new KubeconfigException(paths.Count == 1
                ? $"{paths[0]} does not exist; point KUBECONFIG at the cluster's kubeconfig"
                : $"none of KUBECONFIG's files exists ({string.Join(", ", paths)})");
        }

        var config = new Kubeconfig(string.Join(", ", existing));
        foreach (var path in existing)
        {
            config.Merge(path, Root(path));
        }

        return config;
    }

    /// <summary>The context given, else current-context, with its cluster and user.</summary>
    /// <exception cref="KubeconfigException">The context, its cluster or its user is missing or malformed.</exception>
    public ClusterTarget Resolve(string? contextName)
    {
        var name = contextName ?? CurrentContext;
        if (string.IsNullOrEmpty(name))
        {
            throw new KubeconfigException($"{Display} sets no current-context; name one with --context (or the stack's kubeContext)");
        }

        if (!_contexts.TryGetValue(name, out var context))
        {
            var known = _contexts.Keys.Order(StringComparer.Ordinal).ToList();
            throw new KubeconfigException($"{Display} has no context '{name}'; its contexts: {(known.Count == 0 ? "none" : string.Join(", ", known))}");
        }

        var where = $"contexts[{name}]";
        var clusterName = Text(context, where, "cluster") ?? throw new KubeconfigException($"{context.File}: {where} names no cluster");
        if (!_clusters.TryGetValue(clusterName, out var cluster))
        {
            throw new KubeconfigException($"{context.File}: {where} names cluster '{clusterName}', which {Display} does not define");
        }

        var userName = Text(context, where, "user");
        var user = UserCredentials.None;
        if (!string.IsNullOrEmpty(userName))
        {
            user = _users.TryGetValue(userName, out var entry)
                ? User(entry, $"users[{userName}]")
                : throw new KubeconfigException($"{context.File}: {where} names user '{userName}', which {Display} does not define");
        }

        where = $"clusters[{clusterName}]";
        var serverText = Text(cluster, where, "server") ?? throw new KubeconfigException($"{cluster.File}: {where} has no server");
        if (!Uri.TryCreate(serverText, UriKind.Absolute, out var server) || server.Scheme is not ("https" or "http"))
        {
            throw new KubeconfigException($"{cluster.File}: {where}.server '{serverText}' is not an https:// or http:// URL");
        }

        var proxyText = Text(cluster, where, "proxy-url");
        Uri? proxy = null;
        if (proxyText is not null && (!Uri.TryCreate(proxyText, UriKind.Absolute, out proxy) || proxy.Scheme is not ("http" or "https" or "socks5")))
        {
            throw new KubeconfigException($"{cluster.File}: {where}.proxy-url '{proxyText}' is not an http://, https:// or socks5:// URL");
        }

        return new ClusterTarget(
            name,
            server,
            DataOrFile(cluster, where, "certificate-authority"),
            Flag(cluster, where, "insecure-skip-tls-verify"),
            Text(cluster, where, "tls-server-name"),
            proxy,
            user);
    }

    private static UserCredentials User(Entry user, string where)
    {
        var token = Text(user, where, "token");
        // As client-go does: a token file, re-read, is preferred to a token written inline.
        if (Text(user, where, "tokenFile") is { } tokenFile)
        {
            token = ReadFile(user, where, "tokenFile", tokenFile).Trim();
        }

        if (user.Body.Children.TryGetValue(new YamlScalarNode("auth-provider"), out var provider))
        {
            token ??= AuthProviderToken(user, where, provider);
        }

        var exec = user.Body.Children.TryGetValue(new YamlScalarNode("exec"), out var plugin)
            ? Exec(user, $"{where}.exec", plugin as YamlMappingNode ?? throw new KubeconfigException($"{user.File}: {where}.exec is not a mapping"))
            : null;
        var certificate = DataOrFile(user, where, "client-certificate");
        var key = DataOrFile(user, where, "client-key");
        if ((certificate is null) != (key is null))
        {
            throw new KubeconfigException($"{user.File}: {where} has a client {(certificate is null ? "key" : "certificate")} without its {(certificate is null ? "certificate" : "key")}");
        }

        return new UserCredentials(token, certificate, key, Text(user, where, "username"), Text(user, where, "password"), exec);
    }

    /// <summary>The OIDC provider's id-token; the removed in-tree gcp and azure providers are named with what replaced them.</summary>
    private static string? AuthProviderToken(Entry user, string where, YamlNode provider)
    {
        var providerName = provider is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("name"), out var n) ? (n as YamlScalarNode)?.Value : null;
        if (providerName != "oidc")
        {
            throw new KubeconfigException($"{user.File}: {where}.auth-provider '{providerName}' is not supported (Kubernetes clients removed the in-tree providers); use an exec plugin such as gke-gcloud-auth-plugin or kubelogin");
        }

        var settings = ((YamlMappingNode)provider).Children.TryGetValue(new YamlScalarNode("config"), out var c) ? c as YamlMappingNode : null;
        return settings is not null && settings.Children.TryGetValue(new YamlScalarNode("id-token"), out var idToken) ? (idToken as YamlScalarNode)?.Value : null;
    }

    private static ExecPlugin Exec(Entry user, string where, YamlMappingNode exec)
    {
        var entry = user with { Body = exec };
        var command = Text(entry, where, "command") ?? throw new KubeconfigException($"{user.File}: {where} has no command");
        var apiVersion = Text(entry, where, "apiVersion") ?? throw new KubeconfigException($"{user.File}: {where} has no apiVersion (expected client.authentication.k8s.io/v1 or v1beta1)");
        if (apiVersion is not ("client.authentication.k8s.io/v1" or "client.authentication.k8s.io/v1beta1"))
        {
            throw new KubeconfigException($"{user.File}: {where}.apiVersion '{apiVersion}' is not allowed; expected client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1");
        }

        var interactive = Text(entry, where, "interactiveMode") ?? "IfAvailable";
        if (interactive is not ("Never" or "IfAvailable" or "Always"))
        {
            throw new KubeconfigException($"{user.File}: {where}.interactiveMode '{interactive}' is not allowed; expected Never, IfAvailable or Always");
        }

        ImmutableArray<string> args = exec.Children.TryGetValue(new YamlScalarNode("args"), out var a) && a is YamlSequenceNode list
            ? [.. list.Children.Select(item => (item as YamlScalarNode)?.Value ?? throw new KubeconfigException($"{user.File}: {where}.args holds a non-string item"))]
            : [];
        var env = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        if (exec.Children.TryGetValue(new YamlScalarNode("env"), out var e) && e is YamlSequenceNode variables)
        {
            foreach (var variable in variables.Children)
            {
                var item = user with { Body = variable as YamlMappingNode ?? throw new KubeconfigException($"{user.File}: {where}.env holds an item that is not a mapping") };
                env.Add(new(Text(item, $"{where}.env", "name") ?? throw new KubeconfigException($"{user.File}: {where}.env holds an item without a name"),
                    Text(item, $"{where}.env", "value") ?? string.Empty));
            }
        }

        return new ExecPlugin(command, args, env.ToImmutable(), apiVersion, Text(entry, where, "installHint"), interactive,
            Flag(entry, where, "provideClusterInfo"), user.Directory);
    }

    private void Merge(string path, YamlMappingNode? root)
    {
        if (root is null)
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        foreach (var (section, into, body) in new[] { ("clusters", _clusters, "cluster"), ("users", _users, "user"), ("contexts", _contexts, "context") })
        {
            if (!root.Children.TryGetValue(new YamlScalarNode(section), out var node) || node is YamlScalarNode { Value: null or "" or "null" or "~" })
            {
                continue;
            }

            if (node is not YamlSequenceNode items)
            {
                throw new KubeconfigException($"{path}: {section} is not a list");
            }

            foreach (var item in items.Children)
            {
                var name = item is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("name"), out var n) ? (n as YamlScalarNode)?.Value : null;
                if (string.IsNullOrEmpty(name))
                {
                    throw new KubeconfigException($"{path}: line {item.Start.Line}: an item of {section} has no name");
                }

                var content = ((YamlMappingNode)item).Children.TryGetValue(new YamlScalarNode(body), out var b) ? b as YamlMappingNode : null;
                into.TryAdd(name, new Entry(content ?? new YamlMappingNode(), directory, path));
            }
        }

        if (CurrentContext is null or "" && root.Children.TryGetValue(new YamlScalarNode("current-context"), out var current) && current is YamlScalarNode { Value: { Length: > 0 } value })
        {
            CurrentContext = value;
        }
    }

    private static YamlMappingNode? Root(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeconfigException($"{path}: cannot be read: {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 0 ? null
                : stream.Documents[0].RootNode as YamlMappingNode ?? throw new KubeconfigException($"{path}: is not a kubeconfig (expected a YAML mapping)");
        }
        catch (YamlException e)
        {
            throw new KubeconfigException($"{path}: malformed YAML at line {e.Start.Line}, column {e.Start.Column}: {(e.InnerException ?? e).Message}");
        }
    }

    private static string? Text(Entry entry, string where, string key)
    {
        if (!entry.Body.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return null;
        }

        return node is YamlScalarNode scalar
            ? string.IsNullOrEmpty(scalar.Value) ? null : scalar.Value
            : throw new KubeconfigException($"{entry.File}: {where}.{key} is not a string");
    }

    private static bool Flag(Entry entry, string where, string key) => Text(entry, where, key) switch
    {
        null or "false" or "False" => false,
        "true" or "True" => true,
        var other => throw new KubeconfigException($"{entry.File}: {where}.{key} '{other}' is not true or false"),
    };

    /// <summary>key-data (base64, preferred, as client-go does) or key (a file): the text, or null when neither is set.</summary>
    private static string? DataOrFile(Entry entry, string where, string key)
    {
        if (Text(entry, where, key + "-data") is { } data)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException)
            {
                throw new KubeconfigException($"{entry.File}: {where}.{key}-data is not base64");
            }
        }

        return Text(entry, where, key) is { } file ? ReadFile(entry, where, key, file) : null;
    }

    private static string ReadFile(Entry entry, string where, string key, string file)
    {
        var path = Path.IsPathRooted(file) ? file : Path.Combine(entry.Directory, file);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeconfigException(string.Create(CultureInfo.InvariantCulture, $"{entry.File}: {where}.{key}: cannot read {path}: {e.Message}"));
        }
    }

    /// <summary>A named cluster, user or context body, with the file it came from.</summary>
    private sealed record Entry(YamlMappingNode Body, string Directory, string File);
}
