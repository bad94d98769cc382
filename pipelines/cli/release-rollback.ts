// npm run release:rollback (pipelines/cli/release-commands.ts says what it does).
import { releaseRollback } from './release-commands';

process.exitCode = await releaseRollback(process.argv.slice(2));
