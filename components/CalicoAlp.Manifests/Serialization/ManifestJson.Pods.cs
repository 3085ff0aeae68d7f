using System.Text.Json;
using CalicoAlp.Manifests.Kubernetes;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>The pod template records (Kubernetes/PodTypes.cs): workload patches and the injector's template.</summary>
internal static partial class ManifestJson
{
    private static void PodTemplate(Utf8JsonWriter w, PodTemplateFragment template) => Object(w, template, static (w, t) =>
    {
        Field(w, "metadata", t.Metadata, static (w, m) => Object(w, m, static (w, m) =>
        {
            Field(w, "labels", m.Labels);
            Field(w, "annotations", m.Annotations);
        }));
        Field(w, "spec", t.Spec, static (w, s) => Object(w, s, static (w, s) =>
        {
            Optional(w, "initContainers", s.InitContainers, Container);
            Optional(w, "containers", s.Containers, Container);
            Optional(w, "volumes", s.Volumes, static (w, v) => Object(w, v, static (w, v) =>
            {
                Field(w, "name", v.Name);
                Field(w, "emptyDir", v.EmptyDir, static (w, e) => Object(w, e, static (w, e) => Field(w, "medium", e.Medium)));
                Field(w, "csi", v.Csi, static (w, c) => Object(w, c, static (w, c) => Field(w, "driver", c.Driver)));
            }));
        }));
    });

    private static void Container(Utf8JsonWriter w, Container container) => Object(w, container, static (w, c) =>
    {
        Field(w, "name", c.Name);
        Field(w, "image", c.Image);
        Optional(w, "command", c.Command);
        Optional(w, "args", c.Args);
        Optional(w, "env", c.Env, static (w, e) => Object(w, e, static (w, e) =>
        {
            Field(w, "name", e.Name);
            Field(w, "value", e.Value);
        }));
        Field(w, "restartPolicy", c.RestartPolicy);
        Field(w, "livenessProbe", c.LivenessProbe, Probe);
        Field(w, "readinessProbe", c.ReadinessProbe, Probe);
        Field(w, "resources", c.Resources, static (w, r) => Object(w, r, static (w, r) =>
        {
            Field(w, "requests", r.Requests);
            Field(w, "limits", r.Limits);
        }));
        Field(w, "securityContext", c.SecurityContext, static (w, s) => Object(w, s, static (w, s) =>
        {
            w.WriteBoolean("allowPrivilegeEscalation", s.AllowPrivilegeEscalation);
            w.WriteNumber("runAsUser", s.RunAsUser);
            w.WriteNumber("runAsGroup", s.RunAsGroup);
            w.WriteBoolean("runAsNonRoot", s.RunAsNonRoot);
            Field(w, "readOnlyRootFilesystem", s.ReadOnlyRootFilesystem);
            Field(w, "capabilities", s.Capabilities, static (w, c) => Object(w, c, static (w, c) => Optional(w, "drop", c.Drop)));
            Field(w, "seccompProfile", s.SeccompProfile, static (w, p) => Object(w, p, static (w, p) => Field(w, "type", p.Type)));
        }));
        Optional(w, "volumeMounts", c.VolumeMounts, static (w, m) => Object(w, m, static (w, m) =>
        {
            Field(w, "name", m.Name);
            Field(w, "mountPath", m.MountPath);
        }));
    });

    private static void Probe(Utf8JsonWriter w, Probe probe) => Object(w, probe, static (w, p) =>
    {
        Field(w, "exec", p.Exec, static (w, e) => Object(w, e, static (w, e) => List(w, "command", e.Command)));
        w.WriteNumber("initialDelaySeconds", p.InitialDelaySeconds);
        w.WriteNumber("periodSeconds", p.PeriodSeconds);
        Field(w, "timeoutSeconds", p.TimeoutSeconds);
        Field(w, "failureThreshold", p.FailureThreshold);
    });
}
