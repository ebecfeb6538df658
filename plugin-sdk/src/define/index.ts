export { definePlugin, defineBridge, defineDestination, PLUGIN_KINDS } from './define-plugin.ts';
export type { PluginKind, PluginSpec, PluginDefinition, RunFunction } from './define-plugin.ts';
export type {
  JsonValue, PluginInput, PluginResult, PluginReturn, FetchInit, FetchResponse, PluginLogger, PluginKv,
  PluginConsent, MailMessage, PluginMail, PatchBuilder, PluginContext,
} from './context.types.ts';
