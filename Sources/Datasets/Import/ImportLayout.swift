/// How a folder of real images is organised.
public enum ImportLayout: String, Sendable, CaseIterable, Codable {
    /// `PATH/images/<stem>.<ext>` with `PATH/masks/<stem>.<ext>` (or `PATH/labels/…`), all in one
    /// split.
    case pairs
    /// The official code's layout, `PATH/{train,val,test}/{images,labels}/<stem>.<ext>`; a missing
    /// split folder is an empty split.
    case official
}
