namespace CalicoAlp.Stacks.Settings;

public enum DeploymentEnvironment
{
    Production,
    NonProduction,
}

public enum AlpMode
{
    Istio,
    Enterprise,
}

public enum CalicoApiGroup
{
    ProjectCalicoV3,
    CrdProjectCalicoV1,
}

public enum CalicoInstallType
{
    Operator,
    Manifest,
}

public enum PolicySyncMethod
{
    FelixConfiguration,
    CalicoNodeEnv,
}

public enum MtlsMode
{
    Strict,
    Permissive,
}

public enum AuthzFailureMode
{
    Closed,
    Open,
}

/// <summary>Who installs Istio's base chart (the CRDs): this stack, or an Istio that was there before it.</summary>
public enum IstioBase
{
    Install,
    Existing,
}

public enum NamespaceOwnership
{
    Create,
    Existing,
}

public enum Enrolment
{
    Namespace,
    Workloads,
}

public enum EgressMode
{
    Open,
    Restricted,
}

public enum ImageSource
{
    Upstream,
    Prebuilt,
    Build,
}

/// <summary>Production guardrails; each can be relaxed only by naming its override.</summary>
public enum Guardrail
{
    StrictMtls,
    FailClosed,
    DigestPinnedImages,
    Protect,

    /// <summary>A Calico or Istio minor newer than the matrix knows; applies in every environment.</summary>
    UntestedVersions,

    /// <summary>An Istio or Kubernetes minor past its end of life; refused in production only.</summary>
    EndOfLife,
}
