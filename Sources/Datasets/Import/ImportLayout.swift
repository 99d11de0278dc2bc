/// How a folder of real images is organised.
public enum ImportLayout: String, Sendable, CaseIterable, Codable {
    /// `PATH/images/<stem>.<ext>` with `PATH/masks/<stem>.<ext>` (or `PATH/labels/…`), all in one
    /// split.
    case pairs
    /// The official code's layout, `PATH/{train,val,test}/{images,labels}/<stem>.<ext>`; a missing
    /// split folder is an empty split.
    case official
    /// The 2018 Data Science Bowl's stage-1 layout (BBBC038): `PATH/<id>/images/<id>.png` and
    /// `PATH/<id>/masks/*.png`, one binary mask per nucleus. Images are reduced to gray
    /// (`Image.luma`), masks are united, samples are split by id (`SampleSplit`) and cut into tiles
    /// (`Tiling`).
    case dsb2018
}
