using System.Net;

namespace CalicoAlp.Doctor.Kube;

/// <summary>The API answered something other than the object or 404: no access, a server error.</summary>
public sealed class KubeApiException(string path, HttpStatusCode status, string detail)
    : Exception($"GET {path}: {(int)status} {status}: {detail}")
{
    public HttpStatusCode Status { get; } = status;
}
