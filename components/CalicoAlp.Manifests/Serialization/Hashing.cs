using System.Security.Cryptography;
using System.Text;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>The one short content hash the Plan uses: the first hex digits of SHA-256 over UTF-8 text.</summary>
public static class Hashing
{
    public static string Sha256Hex(string text, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];
}
