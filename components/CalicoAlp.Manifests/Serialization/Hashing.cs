using System.Text;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>The one short content hash the Plan uses: the first hex digits of SHA-256 over UTF-8 text.</summary>
public static class Hashing
{
    public static string Sha256Hex(string text, int length) =>
        Convert.ToHexStringLower(Sha256.Hash(Encoding.UTF8.GetBytes(text)))[..length];

    /// <summary>The whole digest, for tests that hold it against the platform's implementation.</summary>
    public static byte[] Sha256Digest(ReadOnlySpan<byte> data) => Sha256.Hash(data);
}
