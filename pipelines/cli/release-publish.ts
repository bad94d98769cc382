// npm run release:publish (pipelines/cli/release-commands.ts says what it does).
import { releasePublish } from './release-commands';

process.exitCode = await releasePublish(process.argv.slice(2));
