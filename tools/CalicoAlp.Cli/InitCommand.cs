using System.Globalization;
using System.Text;
using CalicoAlp.Doctor;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Cli;

/// <summary>
/// `alp init --stack NAME`: a new stack file for the cluster of a kubeconfig context, read-only. It
/// names the context and the versions the cluster runs, and lists every namespace with Deployments
/// commented out, for the team to pick what to enrol. It never overwrites a file, and writes one only
/// when `alp check` accepts it.
/// </summary>
internal static class InitCommand
{
    public static int Run(string workingDirectory, string? stack, string? context, TextWriter stdout, TextWriter stderr)
    {
        if (string.IsNullOrWhiteSpace(stack) || !StackInput.IsStackName(stack))
        {
            stderr.WriteLine($"alp init: --stack: {(string.IsNullOrWhiteSpace(stack) ? "missing; pass the new stack's name" : $"'{CommandLine.Printable(stack)}' is not a stack name")}");
            return ExitCodes.Usage;
        }

        var project = StackLoader.FindProjectDirectory(workingDirectory);
        if (project is null)
        {
            stderr.WriteLine("alp init: no Pulumi.yaml in this folder or above it; run it in the project");
            return ExitCodes.InvalidConfig;
        }

        var path = Path.Combine(project, Stacks.Files.StackFileReader.StackFileName(stack));
        if (File.Exists(path))
        {
            stderr.WriteLine($"alp init: {Path.GetFileName(path)} exists; alp init never overwrites a stack file");
            return ExitCodes.InvalidConfig;
        }

        var answer = ClusterConnection.AskAsync(context, ClusterInventory.ReadAsync).GetAwaiter().GetResult();
        if (answer.Value is not { } inventory)
        {
            stderr.WriteLine($"alp init: {answer.Problem}");
            return ExitCodes.InvalidConfig;
        }

        var text = StackFile(answer.ContextName ?? context ?? string.Empty, inventory);
        // Written beside its place and checked there, then moved in: the file appears whole and valid, or not at all.
        var staged = path + ".alp-init";
        File.WriteAllText(staged, text);
        try
        {
            var loaded = StackLoader.FromFiles(project, stack, staged);
            if (!loaded.Ok)
            {
                stderr.WriteLine($"alp init: the cluster runs what this stack cannot take yet; nothing was written:");
                foreach (var error in loaded.Errors)
                {
                    stderr.WriteLine($"  error: {error}");
                }

                return ExitCodes.InvalidConfig;
            }

            File.Move(staged, path, overwrite: false);
        }
        finally
        {
            File.Delete(staged);
        }

        stdout.WriteLine($"wrote {Path.GetFileName(path)} for context '{answer.ContextName}': {inventory.Namespaces.Length} namespace(s) with Deployments listed, commented out.");
        stdout.WriteLine($"Move the ones to enrol under calico-alp:namespaces, then: alp check --stack {stack}; alp doctor --stack {stack}");
        return ExitCodes.Ok;
    }

    /// <summary>The stack file's text. Written out rather than serialized: its comments are half of what it says.</summary>
    private static string StackFile(string context, ClusterInventory inventory)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Made by `alp init` from the cluster of context '{context}'. Non-production until you decide otherwise:\n");
        text.Append("# production turns on every guardrail (STRICT mTLS, fail-closed authorization, images pinned by digest).\n");
        text.Append("config:\n");
        text.Append(CultureInfo.InvariantCulture, $"  calico-alp:kubeContext: {Quoted(context)}\n");
        text.Append("  calico-alp:environment: non-production\n");
        if (DoctorChecks.VersionOf(inventory.ServerVersion) is { } kubernetes)
        {
            text.Append(CultureInfo.InvariantCulture, $"  calico-alp:kubernetesVersion: \"{kubernetes.MinorText}\"\n");
        }

        if (DoctorChecks.VersionOf(inventory.CalicoNodeImage) is { } calico)
        {
            text.Append(CultureInfo.InvariantCulture, $"  calico-alp:calicoVersion: v{calico}\n");
        }

        text.Append("  # PERMISSIVE while the mesh grows: plaintext clients still get in. STRICT once every client has a sidecar.\n");
        text.Append("  calico-alp:istioMtlsMode: PERMISSIVE\n");
        text.Append("  calico-alp:namespaces: []\n");
        if (inventory.Namespaces.Length > 0)
        {
            text.Append("  # The namespaces with Deployments in this cluster. To enrol one, move its entry under calico-alp:namespaces\n");
            text.Append("  # (ownership existing: alp only labels the namespace; workloads: the Deployments whose pods get Dikastes):\n");
            foreach (var ns in inventory.Namespaces)
            {
                text.Append(CultureInfo.InvariantCulture, $"  #   - name: {ns.Name}\n");
                text.Append("  #     ownership: existing\n");
                text.Append("  #     enrolment: workloads\n");
                text.Append(CultureInfo.InvariantCulture, $"  #     workloads: [{string.Join(", ", ns.Deployments)}]\n");
            }
        }

        return text.ToString();
    }

    /// <summary>A context name in double quotes, escaped as YAML reads it (they are free text in a kubeconfig).</summary>
    private static string Quoted(string value) =>
        "\"" + ConfigError.Escape(value).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
