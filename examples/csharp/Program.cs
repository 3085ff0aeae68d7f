return await Pulumi.Deployment.RunAsync(PlatformExample.PlatformProgram.RunAsync).ConfigureAwait(false);
