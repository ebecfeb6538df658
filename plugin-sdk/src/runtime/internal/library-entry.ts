// Entry of the SDK library every isolate evaluates once (see library.ts): the modules plugin code imports at run time.
// Keys are the names bundles ask for (`__tesseraSdk("condition")`); keep them in step with SDK_LIBRARY_MODULES.
export * as root from '../../index.ts';
export * as condition from '../../condition/index.ts';
