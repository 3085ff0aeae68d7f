namespace CalicoAlp.Manifests.IstioControlPlane;

public sealed record PeerAuthenticationSpec(PeerAuthenticationMtls Mtls);

public sealed record PeerAuthenticationMtls(string Mode);
