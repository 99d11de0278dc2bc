/// The segmentation networks msdb trains; the raw value is the `model` a spec records.
public enum NetworkArchitecture: String, Sendable, CaseIterable, CustomStringConvertible {
    case unet
    case deeplabv3plus
    case deeplabv3
    case hrnet

    public var description: String { rawValue }
}
