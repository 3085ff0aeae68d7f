using System.Security.Cryptography;
using System.Text;
using CalicoAlp.Manifests.Serialization;

namespace CalicoAlp.Manifests.Tests;

/// <summary>The managed SHA-256 against the platform's, at every padding boundary and beyond.</summary>
public sealed class HashingTests
{
    [Fact]
    public void Every_length_across_the_padding_boundaries_matches_the_platform()
    {
        var random = new Random(20261202);
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(SHA256.HashData(data), Hashing.Sha256Digest(data));
        }
    }

    [Theory]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(119)]
    [InlineData(120)]
    [InlineData(1_000_003)]
    public void Long_and_edge_lengths_match_the_platform(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        Assert.Equal(SHA256.HashData(data), Hashing.Sha256Digest(data));
    }

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
