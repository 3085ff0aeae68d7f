using CalicoAlp.Components.Provider;

await AlpComponentProvider.Serve(args).ConfigureAwait(false);
