using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.Serialization;

namespace CalicoAlp.Manifests.Tests;

/// <summary>How a typed record's lists become JSON: an absent list (default) is left out, an empty one is written.</summary>
public sealed class CanonicalTests
{
    [Fact]
    public void An_absent_list_is_left_out_and_an_empty_one_is_written_as_an_empty_list()
    {
        var fragment = new PodTemplateFragment(Spec: new PodSpecFragment(Containers:
            [new Container("absent"), new Container("empty", Args: [], Env: [], VolumeMounts: []), new Container("one", Args: ["--x"])]));
        var spec = Canonical.ToNode(fragment)["spec"]!.AsObject();
        Assert.Equal(["containers"], spec.Select(p => p.Key).ToArray());
        var containers = spec["containers"]!.AsArray();
        Assert.Equal(["name"], containers[0]!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal("""{"name":"empty","args":[],"env":[],"volumeMounts":[]}""", containers[1]!.ToJsonString());
        Assert.Equal("""{"name":"one","args":["--x"]}""", containers[2]!.ToJsonString());
    }

    [Fact]
    public void A_calico_rule_keeps_the_same_distinction_for_ports_nets_and_http_matches()
    {
        var rule = new CalicoRule("Allow", "TCP",
            Destination: new CalicoEntity(Selector: "has(app)", Ports: [], Nets: ["10.0.0.0/8"]),
            Http: new CalicoHttpMatch(["GET"], default));
        var spec = new CalicoPolicySpec(null, "all()", ["Ingress"], Ingress: [rule]);
        var node = Canonical.ToNode(new KubeObject<CalicoPolicySpec>("projectcalico.org/v3", "NetworkPolicy", new ObjectMeta("p", "ns"), spec));
        Assert.Null(node["spec"]!["egress"]);
        var written = node["spec"]!["ingress"]![0]!;
        Assert.Equal("""{"selector":"has(app)","ports":[],"nets":["10.0.0.0/8"]}""", written["destination"]!.ToJsonString());
        Assert.Equal("""{"methods":["GET"]}""", written["http"]!.ToJsonString());
    }
}
