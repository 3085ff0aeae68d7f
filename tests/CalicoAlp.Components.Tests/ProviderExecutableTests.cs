using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace CalicoAlp.Components.Tests;

/// <summary>
/// The provider executable as the Pulumi CLI runs it: it prints the port it serves on, and answers
/// the plugin protocol's GetSchema over gRPC with the reviewed schema.
/// </summary>
public sealed class ProviderExecutableTests
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    [Fact]
    public async Task The_executable_serves_the_golden_schema_over_the_plugin_protocol()
    {
        // The CLI passes its engine's address; GetSchema never calls the engine, so none needs to listen there.
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "pulumi-resource-calico-alp.dll"), "127.0.0.1:9"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var provider = Process.Start(start)!;
        try
        {
            var portLine = await provider.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(int.TryParse(portLine, out var port), $"the provider printed '{portLine}' instead of its port");

            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
            // GetSchemaRequest{version: 0} is the empty message; the response's field 1 is the schema text.
            var method = new Method<byte[], byte[]>(MethodType.Unary, "pulumirpc.ResourceProvider", "GetSchema", Bytes, Bytes);
            var response = await channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(60)), []);

            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(CalicoAlp.Tests.Support.RepoPaths.Root, "tests", "CalicoAlp.Components.Tests", "Golden", "provider-schema.json")), SchemaField(response));
        }
        finally
        {
            provider.Kill(entireProcessTree: true);
            await provider.WaitForExitAsync();
        }
    }

    private static string SchemaField(byte[] message)
    {
        var input = new CodedInputStream(message);
        var schema = string.Empty;
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                schema = input.ReadString();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return schema;
    }
}
