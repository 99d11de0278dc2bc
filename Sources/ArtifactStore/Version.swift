/// The msdb release, printed by `msdb --version` and recorded in each run's environment.
public enum MSDBVersion {
    public static let current = "0.1.0"
}
