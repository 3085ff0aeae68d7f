using System.Security.Cryptography;
using System.Text;
using CalicoAlp.Manifests.Serialization;

namespace CalicoAlp.Manifests.Tests;

/// <summary>The short content hash the Plan's restart annotations use.</summary>
public sealed class HashingTests
{
    [Fact]
    public void The_short_hex_form_is_the_lower_case_prefix_of_the_digest_of_the_utf8_text()
    {
        const string text = "template:sidecar\nünïcödé\n";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(expected[..16], Hashing.Sha256Hex(text, 16));
        // The published test vector for "abc" (FIPS 180-4, appendix B.1).
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hashing.Sha256Hex("abc", 64));
    }
}
