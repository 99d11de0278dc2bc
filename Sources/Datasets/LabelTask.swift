/// What the labels of a dataset mean: foreground/background, or one of several classes.
public enum LabelTask: Sendable, Equatable {
    /// 0 background, 1 foreground.
    case binary
    /// Class ids `0..<classes`, named in order.
    case multiclass(classNames: [String])

    /// The number of classes (2 for binary).
    public var classCount: Int {
        switch self {
        case .binary: 2
        case .multiclass(let names): names.count
        }
    }

    /// `binary` or `multiclass`, as manifests write it.
    public var name: String {
        switch self {
        case .binary: "binary"
        case .multiclass: "multiclass"
        }
    }
}
