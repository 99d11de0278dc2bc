/// The version of msdb's numerics. It is part of every run id: bump it whenever a change can alter
/// any output's bytes (a kernel, a generator, an encoding), so old results are never served for new
/// code. The history of bumps is kept in schema/README.md.
public enum EngineVersion {
    public static let current = "5"
}
