/// The names of the random streams msdb draws from, in one place. A stream's name is part of what
/// its numbers are (`RandomStream` hashes it into the state), so renaming one changes results and
/// needs a new engine version.
public enum StreamName {
    /// A network's initial weights, drawn once per run.
    public static let initialWeights = "init"
    /// Label noise (RS, RF, RL) of one `label` run.
    public static let noise = "noise"
    /// The order of an imported set's sample ids before they are cut into splits (`dsb2018`).
    public static let importSplit = "import/split"

    /// The order of the training images in epoch `epoch` (1-based), Fisher–Yates.
    public static func shuffle(epoch: Int) -> String { "shuffle/epoch-\(epoch)" }
    /// The flips and turns of the training images in epoch `epoch`.
    public static func augmentation(epoch: Int) -> String { "augment/epoch-\(epoch)" }
    /// Dropout in epoch `epoch`, advanced across its steps.
    public static func dropout(epoch: Int) -> String { "dropout/epoch-\(epoch)" }
    /// EMS of training image `image` (zero-padded, `NNN`) before epoch `epoch` of iGTT.
    public static func metaStructureSampling(epoch: Int, image: String) -> String {
        "ems/epoch-\(epoch)/image-\(image)"
    }
    /// The seed of train image `index`'s noisy label, drawn from a training run's seed.
    public static func trainLabel(_ index: Int) -> String { "labels/train/\(index)" }
    /// A clustering baseline's initial weights for the image named `image`.
    public static func clusteringWeights(image: String) -> String { "init/image-\(image)" }
    /// A clustering baseline's pixel orderings for the image named `image`.
    public static func clusteringOrderings(image: String) -> String { "orderings/image-\(image)" }
    /// The benchmarks' inputs: random images and labels, and the imaging benchmark's scene. (A
    /// generator's parts, such as a sample's `geometry` or `noise`, are substreams of that sample's
    /// stream, named where they are drawn.)
    public enum Benchmark {
        public static let images = "data"
        public static let labels = "labels"
        public static let scene = "bench"
    }

    /// Sample `index` of a synthetic dataset's split, by generator and split name.
    public static func syntheticSample(generator: String, split: String, index: Int) -> String {
        "dataset/\(generator)/\(split)/\(index)"
    }
}
