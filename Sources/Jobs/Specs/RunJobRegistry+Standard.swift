public import Runs

extension RunJobRegistry {
    /// Every kind msdb runs from a spec: one line per kind.
    public static var standard: RunJobRegistry {
        RunJobRegistry([
            DatasetRunJob.self,
            LabelRunJob.self,
            LabelSetRunJob.self,
            KDERunJob.self,
            TrainRunJob.self,
            IGTTRunJob.self,
            BaselineRunJob.self,
        ])
    }
}
