using System.Net;

namespace CalicoAlp.ApiServer.Tests;

/// <summary>
/// The teardown contract (docs/design.md, "Ownership is the teardown contract"), clause by clause,
/// on a real server: what exists before the stack is only patched, never created or deleted; a
/// patch's fields go back on destroy and nothing else does; another manager's different value
/// stops the stack instead of being taken; owned objects go in reverse order.
/// </summary>
[Collection(ApiServerGroup.Name)]
public sealed class OwnershipContractTests(ApiServerTier tier)
{
    /// <summary>The stacks that patch (and give back on destroy) objects other than namespaces that exist before them.</summary>
    public static TheoryData<string> PatchingStacks => TestStacks.Where(s =>
    {
        var items = PlanBuilder.Build(s).Items;
        var created = items.Where(i => i.Kind == "Namespace" && i.Ownership == Ownership.Owned).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        return items.Any(i => i.Ownership == Ownership.Patch && i.Kind != "Namespace" && !i.Policy.RetainOnDelete && !created.Contains(i.Namespace ?? string.Empty));
    });

    [SkippableTheory]
    [MemberData(nameof(PatchingStacks))]
    public async Task Objects_that_exist_before_the_stack_are_only_patched_never_created_or_deleted(string stack)
    {
        await tier.WithStackAsync(stack, async (run, before) =>
        {
            var uids = new Dictionary<string, string>(StringComparer.Ordinal);
            var existing = before.BeforeTheStack.Concat(before.Namespaces.Select(PreexistingObjects.Namespace)).ToList();
            foreach (var obj in existing)
            {
                uids[Key(obj)] = Uid(await tier.Api.GetAsync(obj) ?? throw new InvalidOperationException($"{Key(obj)} should exist before the stack"));
            }

            await run.UpAsync(before.AfterAsync);
            foreach (var item in run.Objects.Where(i => i.Ownership == Ownership.Patch && !before.InCreatedNamespace(i.Body())))
            {
                var obj = await tier.Api.GetAsync(item.Body());
                Assert.True(obj is not null && uids.TryGetValue(Key(obj), out var uid) && uid == Uid(obj), $"{stack}: {item.Id} was created by the stack, not patched");
            }

            await run.DestroyAsync();
            foreach (var (key, uid) in uids)
            {
                var after = await tier.Api.GetAsync(existing.First(o => Key(o) == key));
                Assert.True(after is not null && Uid(after) == uid && after["metadata"]!["deletionTimestamp"] is null, $"{stack}: destroy deleted or replaced {key}");
            }
        });
    }

    [SkippableTheory]
    [MemberData(nameof(PatchingStacks))]
    public async Task Destroy_gives_back_each_patched_field_and_leaves_the_object_and_every_other_managers_fields(string stack)
    {
        await tier.WithStackAsync(stack, async (run, before) =>
        {
            await run.UpAsync(before.AfterAsync);
            // A workload deployed into a namespace the stack creates goes with that namespace on destroy.
            var patches = run.Objects.Where(i => i.Ownership == Ownership.Patch && i.Kind != "Namespace" && !i.Policy.RetainOnDelete && !before.InCreatedNamespace(i.Body())).ToList();
            Assert.NotEmpty(patches);
            foreach (var item in patches)
            {
                var applied = (await tier.Api.GetAsync(item.Body()))!;
                Assert.True(StackRun.AppliedBy(applied, run.PatchManager), $"{stack}: {item.Id} holds no field of {run.PatchManager}");
                var now = Leaves.Of(applied);
                foreach (var (path, value) in Leaves.Of(item.Body()).Where(l => !Leaves.IsIdentity(l.Key)))
                {
                    Assert.True(now.TryGetValue(path, out var held) && held == value, $"{stack}: {item.Id} {path} is {held ?? "absent"} after up, the patch sets {value}");
                }
            }

            await run.DestroyAsync();
            foreach (var item in patches)
            {
                var existing = before.Patched.First(o => Key(o) == Key(item.Body()));
                var after = Leaves.Of(await tier.Api.GetAsync(item.Body()));
                var theirs = Leaves.Of(existing);
                foreach (var (path, value) in theirs)
                {
                    Assert.True(after.TryGetValue(path, out var kept) && kept == value, $"{stack}: destroy changed {item.Id} {path} of {PreexistingObjects.Manager} ({value} -> {kept ?? "absent"})");
                }

                foreach (var path in Leaves.Of(item.Body()).Keys.Where(p => !Leaves.IsIdentity(p) && !theirs.ContainsKey(p)))
                {
                    Assert.False(after.ContainsKey(path), $"{stack}: destroy left the patched field {item.Id} {path}");
                }

                Assert.False(StackRun.AppliedBy((await tier.Api.GetAsync(item.Body()))!, run.PatchManager), $"{stack}: {run.PatchManager} still holds fields of {item.Id}");
            }
        });
    }

    [SkippableFact]
    public async Task A_conflict_with_another_managers_value_stops_the_stack_with_a_clear_message_instead_of_taking_the_field()
    {
        await tier.WithStackAsync("dev", async (run, before) =>
        {
            var felix = before.Patched.First(o => o["kind"]!.GetValue<string>() == "FelixConfiguration");
            felix["spec"]!["policySyncPathPrefix"] = "/var/run/other-agent";
            await tier.Api.ApplyAsync(felix, PreexistingObjects.Manager);

            var refused = await Assert.ThrowsAsync<ServerRejectedException>(() => run.UpAsync(before.AfterAsync));
            Assert.Equal(HttpStatusCode.Conflict, refused.Status);
            Assert.Contains($"conflict with \"{PreexistingObjects.Manager}\"", refused.ServerMessage, StringComparison.Ordinal);
            Assert.Contains(".spec.policySyncPathPrefix", refused.ServerMessage, StringComparison.Ordinal);
            var after = (await tier.Api.GetAsync(felix))!;
            Assert.Equal("/var/run/other-agent", after["spec"]!["policySyncPathPrefix"]!.GetValue<string>());
            Assert.False(StackRun.AppliedBy(after, run.PatchManager));
        });
    }

    [SkippableTheory]
    [InlineData("dev")]
    [InlineData("prod")]
    [InlineData("enterprise-example")]
    public async Task Owned_objects_go_on_destroy_in_reverse_order_after_everything_that_depends_on_them(string stack)
    {
        await tier.WithStackAsync(stack, async (run, before) =>
        {
            await run.UpAsync(before.AfterAsync);
            await run.DestroyAsync();
            var order = run.Destroyed.Select((item, index) => (item.Id, index)).ToDictionary(p => p.Id, p => p.index, StringComparer.Ordinal);
            foreach (var item in run.Destroyed)
            {
                foreach (var dependency in item.Dependencies.Where(order.ContainsKey))
                {
                    Assert.True(order[item.Id] < order[dependency], $"{stack}: {dependency} went before {item.Id}, which depends on it");
                }
            }

            foreach (var item in run.Objects.Where(i => i.Ownership == Ownership.Owned))
            {
                Assert.True(await tier.Api.GetAsync(item.Body()) is null, $"{stack}: {item.Id} is still there after destroy");
            }
        });
    }

    private static string Key(JsonObject obj) =>
        $"{obj["kind"]}/{obj["metadata"]!["namespace"]?.GetValue<string>()}/{obj["metadata"]!["name"]!.GetValue<string>()}";

    private static string Uid(JsonObject obj) => obj["metadata"]!["uid"]!.GetValue<string>();
}
