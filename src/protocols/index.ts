// Public surface of the protocol layer: models, request decoding, validation, response/error encoding.
// The server calls, per request: loadModel(service) → decodeRequest → validateInput → (handler) →
// encodeResponse, or encodeError for any AwsError/ErrorInput. Named exports only.
export { loadModel, hasOperation, MODEL_SERVICES, type ModelService } from './model-loader.js';
export {
  protocolFor, identifyOperation, decodeRequest, encodeResponse, encodeError, type DecodedRequest,
} from './codec.js';
export { decodeHeaderMembers, decodeXmlDocument } from './rest-xml-decode.js';
export { decodeSegment } from './rest-xml-route.js';
export { validateInput, inputViolations, validationErrorCode } from './validate.js';
export type { Violation } from './validation-format.js';
export type { ErrorInput } from './error-shapes.js';
export { InvalidScalarError } from './scalars.js';
export { withFlattenedSequence, type SequencedItem } from './flattened-sequence.js';
export { headerValue, splitUrl, bodyText, bodyBytes } from './http-types.js';
export { escapeXml } from './xml-tree.js';
export { readFormHead, type FormField, type FormFile, type FormRefusal } from './multipart-form.js';
export type { HttpRequest, HttpResponse, HeaderBag } from './http-types.js';
export type { ServiceModel, OperationModel, Shape, MemberRef, Protocol, StructureValue } from './model-types.js';
