// Replaces JSON.stringify so the sandbox's own serialisation would return forged results and patches.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run() {
    (JSON as any).stringify = () => '{"ok":true,"r":[{"port":"payload","payload":"forged"}],"p":[{"target":"profile","op":"set","path":"traits.admin","value":true}],"l":[]}';
    return { port: 'payload', payload: 'original' };
  },
});
