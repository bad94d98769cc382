// npm run release:list (pipelines/cli/release-commands.ts says what it does).
import { releaseList } from './release-commands';

process.exitCode = await releaseList(process.argv.slice(2));
