using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Stacks.Tests;

public sealed class CalicoSelectorsTests
{
    // The forms Calico's selector documentation shows.
    [Theory]
    [InlineData("all()")]
    [InlineData("global()")]
    [InlineData("app == 'web'")]
    [InlineData("type == \"webserver\" && deployment == 'prod'")]
    [InlineData("type in {'frontend', 'backend'}")]
    [InlineData("type not in {'frontend'}")]
    [InlineData("deployment != 'dev'")]
    [InlineData("!has(label-name)")]
    [InlineData("! has(projectcalico.org/name)")]
    [InlineData("my-label starts with 'prefix-'")]
    [InlineData("my-label ends with '-suffix'")]
    [InlineData("my-label contains 'substring'")]
    [InlineData("(a == 'b' || c == 'd') && !has(e)")]
    [InlineData("projectcalico.org/namespace == 'istio-system' && app == 'istiod'")]
    [InlineData("hash == 'x'")]
    [InlineData("k in {}")]
    public void Documented_selectors_parse(string selector) => Assert.Null(CalicoSelectors.Problem(selector));

    [Theory]
    [InlineData("((app == 'a'", "expected ')'")]
    [InlineData("app == 'x", "expected a quoted string at position 8")]
    [InlineData("&& ||", "expected a label key")]
    [InlineData("app = 'x'", "expected an operator")]
    [InlineData("app == 'x' app == 'y'", "unexpected 'a' at position 12")]
    [InlineData("", "it is empty")]
    [InlineData("app ==\t'x'", "expected a quoted string")]
    [InlineData("app == 'x'\n", "unexpected")]
    [InlineData("all", "expected '()' after all")]
    [InlineData("k in {'a' 'b'}", "expected '}' or ','")]
    public void Broken_selectors_are_named_with_what_was_expected_where(string selector, string expect)
    {
        var problem = CalicoSelectors.Problem(selector);
        Assert.NotNull(problem);
        Assert.Contains(expect, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_exhausting_the_stack()
    {
        Assert.Contains("nests deeper than", CalicoSelectors.Problem(new string('(', 50_000) + "all()" + new string(')', 50_000)), StringComparison.Ordinal);
        Assert.Contains("nests deeper than", CalicoSelectors.Problem(new string('!', 50_000) + "all()"), StringComparison.Ordinal);
        Assert.Null(CalicoSelectors.Problem(new string('(', 20) + "all()" + new string(')', 20)));
    }
}
