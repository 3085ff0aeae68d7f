namespace CalicoAlp.ApiServer.Tests;

/// <summary>Every test stack, up and down on a real kube-apiserver: what it renders is what the server takes.</summary>
[Collection(ApiServerGroup.Name)]
public sealed class StackAcceptanceTests(ApiServerTier tier)
{
    public static TheoryData<string> Stacks => TestStacks.All();

    [SkippableTheory]
    [MemberData(nameof(Stacks))]
    public async Task The_server_accepts_every_object_and_a_second_apply_changes_nothing(string stack)
    {
        await tier.WithStackAsync(stack, async (run, before) =>
        {
            Assert.NotEmpty(run.Objects);
            var first = await run.UpAsync(before.AfterAsync);
            var second = await run.UpAsync();
            foreach (var item in run.Objects)
            {
                Assert.True(Version(first[item.Id]) == Version(second[item.Id]), $"{stack}: the second apply of {item.Id} changed it");
            }

            await run.DestroyAsync();
            foreach (var item in run.Objects.Where(i => i.Ownership == Ownership.Owned))
            {
                Assert.True(await tier.Api.GetAsync(item.Body()) is null, $"{stack}: {item.Id} is still there after destroy");
            }
        });
    }

    private static string Version(JsonObject obj) => obj["metadata"]!["resourceVersion"]!.GetValue<string>();
}
