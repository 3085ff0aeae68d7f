namespace CalicoAlp.Manifests.Output;

/// <summary>One file of `alp render`, with a forward-slash path relative to the output folder.</summary>
public sealed record RenderedFile(string Path, string Content);
