namespace CalicoAlp.Doctor.Kube;

/// <summary>A kubeconfig that cannot give a connection: its message is one line for the user, naming the file and the entry.</summary>
public sealed class KubeconfigException(string message) : Exception(message);
