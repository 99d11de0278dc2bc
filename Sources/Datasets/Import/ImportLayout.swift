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
    /// Cityscapes' fine annotations: `PATH/leftImg8bit/{train,val}/<city>/<name>_leftImg8bit.png`
    /// with `PATH/gtFine/{train,val}/<city>/<name>_gtFine_labelIds.png`. Cityscapes' train is msdb's
    /// train split and its val msdb's test split (its test split has no public labels and is
    /// skipped); msdb's val stays empty. Label ids become the 19 train ids (`SceneLabels`), images
    /// stay RGB, and `Downscale` may shrink both.
    case cityscapes
    /// PASCAL VOC 2012 segmentation: `PATH/JPEGImages/<id>.jpg`, `PATH/SegmentationClass/<id>.png`
    /// (palette indices are the classes, 255 the ignored border) and the id lists
    /// `PATH/ImageSets/Segmentation/{train,val}.txt`: train is msdb's train split, val its test
    /// split. Images stay RGB (gray JPEGs repeated into three channels).
    case voc
}
