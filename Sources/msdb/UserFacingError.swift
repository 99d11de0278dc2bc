import ArtifactStore
import CanonicalJSON
import Evaluation
import Imaging
import Jobs
import Reproduction
import Runs

/// An error whose description is a complete sentence for the user: `main` prints it as one
/// `error:` line and exits non-zero. The error types that reach the entry point join here, in one
/// place, so it catches one protocol rather than a list of concrete types. (Commands turn the
/// errors of the lower modules that need a file name or an option name for context, such as
/// `LabelNoiseError`, into a `CLIError` where they arise.)
protocol UserFacingError: Error, CustomStringConvertible {}

extension CLIError: UserFacingError {}
extension StoreError: UserFacingError {}
extension FilterError: UserFacingError {}
extension CanonicalJSONError: UserFacingError {}
extension ImagingError: UserFacingError {}
extension EvaluationError: UserFacingError {}
extension RunError: UserFacingError {}
extension ReportDirectoryError: UserFacingError {}
