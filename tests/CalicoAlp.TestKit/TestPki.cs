using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CalicoAlp.TestKit;

/// <summary>A cluster's PKI as kind makes one: a CA, the API server's certificate (kubernetes, 127.0.0.1) and a client certificate, all signed by it.</summary>
public sealed class TestPki : IDisposable
{
    public TestPki(string caName = "alp-test-ca")
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("kubernetes");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        (Server, _) = Issue("CN=kube-apiserver", names.Build(), "1.3.6.1.5.5.7.3.1");
        (Client, ClientKeyPem) = Issue("CN=alp-tester, O=system:masters", null, "1.3.6.1.5.5.7.3.2");
    }

    public X509Certificate2 Ca { get; }

    /// <summary>With its private key, for the server's side of the handshake.</summary>
    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public string CaPem => Ca.ExportCertificatePem();

    public string ClientPem => Client.ExportCertificatePem();

    public string ClientKeyPem { get; }

    /// <summary>A client certificate with an RSA key in PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), as kind and kubeadm write them.</summary>
    public (string CertificatePem, string KeyPem) IssueRsaClient(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        // Signed by the CA's EC key: a kind CA is RSA, but what is tested is the client key's format.
        using var caKey = Ca.GetECDsaPrivateKey()!;
        using var issued = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey),
            DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(8));
        return (issued.ExportCertificatePem(), key.ExportRSAPrivateKeyPem());
    }

    private (X509Certificate2 Certificate, string KeyPem) Issue(string subject, X509Extension? names, string usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        using var issued = request.Create(Ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12, so the server's TLS can use the key on every platform.
        return (X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
    }
}
