extension ReproductionProfile {
    /// The supervised run of `model` (`unet`, `deeplabv3plus`, …) on `labels` with this profile's
    /// sizes and schedule.
    func trainingSettings(model: String, labels: LabelChoice, seed: Int) throws -> TrainingSettings {
        guard labels == .clean else {
            throw EngineError.invalidParameter(name: "labels", reason: "noisy labels are not wired yet")
        }
        let width = model == "unet" ? unetWidth : deepLabWidth
        let network = try NetworkConfiguration(
            architecture: model, width: width, depth: model == "unet" ? unetDepth : nil)
        var settings = TrainingSettings(network: network)
        settings.epochs = epochs
        settings.batch = batch
        settings.learningRate = learningRate
        settings.learningRateStep = learningRateStep
        settings.seed = Int64(seed)
        return settings
    }
}
