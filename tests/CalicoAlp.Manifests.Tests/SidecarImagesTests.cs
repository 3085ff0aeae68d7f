using System.Text.RegularExpressions;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.SidecarImages;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Manifests.Tests;

public sealed partial class SidecarImagesTests
{
    [GeneratedRegex("^[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)+(:[A-Za-z0-9._-]+)?@sha256:[0-9a-f]{64}$")]
    private static partial Regex PinnedReference();

    private static readonly Dictionary<string, string> Built = new()
    {
        ["dikastes"] = "registry.example.com/platform/calico-alp/dikastes:v3.33.1-abc@sha256:" + new string('1', 64),
        ["istio-proxy"] = "registry.example.com/platform/calico-alp/istio-proxy:1.31.0-def@sha256:" + new string('2', 64),
    };

    private static Plan Build(params (string, string)[] more) =>
        PlanBuilder.Build(TestStacks.Raw([("imageSource", "build"), ("imageRegistry", "registry.example.com/platform/calico-alp"), ("imageBuilder", "calico-alp"),
            ("namespaces", """[{"name":"shop","enrolment":"workloads","workloads":["cart"]}]"""), .. more]));

    [Fact]
    public void Prebuilt_references_are_registry_repository_at_the_configured_digest()
    {
        var prod = TestStacks.Plan("prod");
        Assert.Matches(PinnedReference(), prod.Images.Dikastes);
        Assert.Matches(PinnedReference(), prod.Images.Proxy!);
        // The configured value is <tag>@sha256:…, the tag checked against the version.
        Assert.EndsWith("/dikastes:" + prod.Settings.Images.DikastesDigest, prod.Images.Dikastes, StringComparison.Ordinal);
        Assert.EndsWith("/istio-proxy:" + prod.Settings.Images.ProxyDigest, prod.Images.Proxy, StringComparison.Ordinal);
        Assert.StartsWith("v3.33.1-", prod.Settings.Images.DikastesDigest, StringComparison.Ordinal);
        Assert.StartsWith(prod.Settings.Images.Registry + "/", prod.Images.Dikastes, StringComparison.Ordinal);
        Assert.DoesNotMatch(PinnedReference(), "registry.example.com/alp/dikastes:v3.32.1");
    }

    [Fact]
    public void Build_mode_plans_both_images_for_amd64_and_arm64_pushed_and_not_built_during_preview()
    {
        var plan = Build(("dikastesBaseDigest", "v3.33.1@sha256:" + new string('a', 64)));
        var images = plan.ByConcern(Concern.SidecarImages).ToList();
        Assert.Equal(["imagebuild.dikastes", "imagebuild.istio-proxy"], images.Select(i => i.Id));
        foreach (var image in images)
        {
            var spec = image.Body();
            Assert.Equal(["linux/amd64", "linux/arm64"], spec["platforms"]!.AsArray().Select(p => p!.GetValue<string>()));
            Assert.True(spec["push"]!.GetValue<bool>());
            Assert.False(spec["buildOnPreview"]!.GetValue<bool>());
            Assert.Equal("registry.example.com", spec["registryAddress"]!.GetValue<string>());
            Assert.StartsWith("registry.example.com/platform/calico-alp/", spec["tags"]![0]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal($"sidecars/{image.Name}/Dockerfile", spec["dockerfile"]!.GetValue<string>());
            Assert.Equal(SidecarSources.Revision(image.Name), spec["buildArgs"]!["REVISION"]!.GetValue<string>());
        }

        Assert.Equal("quay.io/calico/calico:v3.33.1@sha256:" + new string('a', 64), images[0].Body()["buildArgs"]!["BASE_IMAGE"]!.GetValue<string>());
        Assert.Equal("10001", images[0].Body()["buildArgs"]!["DIKASTES_UID"]!.GetValue<string>());
        Assert.Equal("docker.io/istio/proxyv2:1.31.0", images[1].Body()["buildArgs"]!["BASE_IMAGE"]!.GetValue<string>());
        Assert.Equal(["imagebuild.dikastes", "imagebuild.istio-proxy"], plan.Item("helmrelease.istio-system.istiod").Dependencies.Where(d => d.StartsWith("imagebuild", StringComparison.Ordinal)));
    }

    [Fact]
    public void Placeholders_cannot_be_pulled_and_stand_in_both_templates_and_the_proxy()
    {
        var plan = Build();
        Assert.All(plan.BuiltImages.Values, p => Assert.Contains(".invalid/", p, StringComparison.Ordinal));
        var istiod = plan.Item("helmrelease.istio-system.istiod").Body().ToJsonString();
        Assert.Contains(plan.BuiltImages["dikastes"], istiod, StringComparison.Ordinal);
        Assert.Contains(plan.BuiltImages["istio-proxy"], istiod, StringComparison.Ordinal);
    }

    [Fact]
    public void Built_digests_reach_both_templates_and_istiods_proxy_image()
    {
        var plan = Build();
        var istiod = BuiltImages.Resolve(plan, Built).Item("helmrelease.istio-system.istiod").Body();
        var values = istiod["values"]!;
        Assert.Equal(Built["istio-proxy"], values["global"]!["proxy"]!["image"]!.GetValue<string>());
        foreach (var (_, template) in values["sidecarInjectorWebhook"]!["templates"]!.AsObject())
        {
            var dikastes = InjectorTemplate.Dikastes(template!.GetValue<string>());
            Assert.Equal(Built["dikastes"], dikastes["image"]!.GetValue<string>());
        }

        Assert.DoesNotContain(".invalid", istiod.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_digest_change_changes_the_restart_annotation_and_the_same_digest_keeps_it()
    {
        var plan = Build();
        var workload = plan.Item("deployment.shop.cart");
        var affected = BuiltImages.AffectedIds(plan);
        Assert.Contains(workload.Id, affected);
        Assert.Contains("helmrelease.istio-system.istiod", affected);
        Assert.DoesNotContain("envoyfilter.istio-system.ext-authz", affected);
        Assert.DoesNotContain("imagebuild.dikastes", affected);

        string Hash(Dictionary<string, string> refs) =>
            BuiltImages.Resolve(plan, refs).Item(workload.Id).Body()["spec"]!["template"]!["metadata"]!["annotations"]!["calico-alp.io/injection-hash"]!.GetValue<string>();
        var rebuilt = new Dictionary<string, string>(Built) { ["dikastes"] = Built["dikastes"].Replace(new string('1', 64), new string('3', 64), StringComparison.Ordinal) };

        Assert.Equal(Hash(Built), Hash(new Dictionary<string, string>(Built)));
        Assert.NotEqual(Hash(Built), Hash(rebuilt));
        Assert.NotEqual(plan.InjectionHash, Hash(Built));
    }

    [Fact]
    public void Resolving_without_every_built_reference_is_refused()
    {
        var plan = Build();
        Assert.Throws<ArgumentException>(() => BuiltImages.Resolve(plan,
            new Dictionary<string, string> { ["dikastes"] = Built["dikastes"] }));
    }

    [Fact]
    public void A_reference_for_an_image_the_plan_does_not_build_and_a_plan_without_builds_are_refused()
    {
        var plan = Build();
        var error = Assert.Throws<ArgumentException>(() => BuiltImages.Resolve(plan, new Dictionary<string, string>(Built) { ["pilot"] = Built["dikastes"] }));
        Assert.Contains("'pilot'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BuiltImages.Resolve(BuiltImages.Resolve(plan, Built), Built));
        Assert.Throws<ArgumentException>(() => BuiltImages.Resolve(TestStacks.Plan("prod"), Built));
    }

    [Fact]
    public void The_resolved_plan_has_the_same_items_and_changes_only_the_affected_bodies()
    {
        var plan = Build();
        var resolved = BuiltImages.Resolve(plan, Built);
        var affected = BuiltImages.AffectedIds(plan);
        Assert.Equal(plan.Items.Select(i => i.Id), resolved.Items.Select(i => i.Id));
        Assert.Empty(resolved.BuiltImages);
        foreach (var item in plan.Items)
        {
            var before = item.Body().ToJsonString();
            var after = resolved.Item(item.Id).Body().ToJsonString();
            Assert.Equal(affected.Contains(item.Id), before != after);
            if (item.ItemKind != ItemKind.ImageBuild)
            {
                // A build spec names its own placeholder; nothing the cluster gets still does.
                Assert.DoesNotContain(ImageResolver.PendingBuildRegistry, after, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Upstream_and_prebuilt_plans_build_nothing()
    {
        Assert.Empty(TestStacks.Plan("prod").ByConcern(Concern.SidecarImages));
        Assert.Empty(TestStacks.Plan("prod").BuiltImages);
        Assert.Empty(TestStacks.Plan("crd-v1").ByConcern(Concern.SidecarImages));
    }
}

/// <summary>The rules dockerfilelint cannot see: pinned bases, OCI labels, the users the templates expect.</summary>
public sealed partial class SidecarDockerfileTests
{
    [GeneratedRegex(@"^ARG BASE_IMAGE=(?<image>[^\s:@]+):(?<tag>[^\s@]+)$", RegexOptions.Multiline)]
    private static partial Regex BaseArg();

    private static string Dockerfile(string image) => File.ReadAllText(Path.Combine(RepoPaths.Root, "sidecars", image, "Dockerfile"));

    [Theory]
    [InlineData("dikastes", "quay.io/calico/calico", "calicoVersion", "${DIKASTES_UID}:${DIKASTES_UID}")]
    [InlineData("istio-proxy", "docker.io/istio/proxyv2", "istioVersion", "1337:1337")]
    public void Each_dockerfile_pins_its_upstream_base_labels_the_image_and_runs_as_the_templates_user(string image, string upstream, string versionKey, string user)
    {
        var text = Dockerfile(image);
        var lines = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        var baseArg = BaseArg().Match(text);
        Assert.True(baseArg.Success, "ARG BASE_IMAGE must default to an explicitly tagged image");
        Assert.Equal(upstream, baseArg.Groups["image"].Value);
        Assert.Equal(ConfigCatalog.Find(versionKey)!.DefaultText, baseArg.Groups["tag"].Value);
        Assert.Equal("FROM ${BASE_IMAGE}", Assert.Single(lines, l => l.StartsWith("FROM", StringComparison.Ordinal)));

        foreach (var label in new[] { "source", "version", "revision" })
        {
            Assert.Contains($"org.opencontainers.image.{label}=", text, StringComparison.Ordinal);
        }

        Assert.Equal($"USER {user}", Assert.Single(lines, l => l.StartsWith("USER", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("RUN", StringComparison.Ordinal) || l.StartsWith("ADD", StringComparison.Ordinal) || l.StartsWith("COPY", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("v3.32.3", 999)]
    [InlineData("v3.33.1", 10001)]
    public void The_dikastes_user_is_the_one_the_workload_template_runs_it_as(string calico, long uid)
    {
        // The build passes the Calico line's uid; the Dockerfile's own default is the default line's.
        var settings = TestStacks.Raw(("calicoVersion", calico), ("kubernetesVersion", "1.35"), ("imageSource", "build"), ("imageRegistry", "registry.example.com/alp"), ("imageBuilder", "calico-alp"));
        var plan = PlanBuilder.Build(settings);
        var context = InjectorTemplate.Dikastes(plan.InjectorTemplates["dikastes"])["securityContext"]!;
        Assert.Equal(uid, context["runAsUser"]!.GetValue<long>());
        Assert.Equal(uid, context["runAsGroup"]!.GetValue<long>());
        Assert.Equal(uid.ToString(System.Globalization.CultureInfo.InvariantCulture), plan.Item("imagebuild.dikastes").ImageBuild().BuildArgs["DIKASTES_UID"]);

        var defaults = YamlJson.Single(TestStacks.Plan("dev").InjectorTemplates["dikastes"])!;
        var defaultUid = InjectorTemplate.Dikastes(defaults)["securityContext"]!["runAsUser"]!.GetValue<long>();
        Assert.Contains($"ARG DIKASTES_UID={defaultUid}\n", Dockerfile("dikastes"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dikastes")]
    [InlineData("istio-proxy")]
    public void The_embedded_dockerfile_is_the_one_in_the_repository(string image)
    {
        Assert.Equal(Dockerfile(image), SidecarSources.Dockerfile(image));
        Assert.Matches("^[0-9a-f]{12}$", SidecarSources.Revision(image));
    }

    [Fact]
    public void The_revision_tells_the_two_dockerfiles_apart_and_is_the_tags_suffix()
    {
        Assert.NotEqual(SidecarSources.Revision("dikastes"), SidecarSources.Revision("istio-proxy"));
        var plan = PlanBuilder.Build(TestStacks.Raw(("imageSource", "build"), ("imageRegistry", "registry.example.com/alp"), ("imageBuilder", "calico-alp")));
        foreach (var image in new[] { "dikastes", "istio-proxy" })
        {
            Assert.EndsWith("-" + SidecarSources.Revision(image), plan.Item($"imagebuild.{image}").ImageBuild().Tags.Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Each_sidecar_folder_has_a_readme()
    {
        foreach (var image in new[] { "dikastes", "istio-proxy" })
        {
            Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "sidecars", image, "README.md")), image);
        }
    }
}
