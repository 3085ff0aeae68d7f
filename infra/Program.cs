using CalicoAlp.Infra;

return await Pulumi.Deployment.RunAsync(AlpProgram.RunCheckedAsync);
