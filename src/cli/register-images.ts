import type { Command } from 'commander';
import { ExitCode } from '../shared/errors.js';
import type { Runner } from './runner.js';
import { printJson, printLine, printTable } from './output.js';

export function registerImagesCommands(program: Command, run: Runner): void {
  const images = program.command('images').description("the workers image, and the members' images on a Swarm's nodes");
  images
    .command('build')
    .description('build the workers image from this rocketctl (its code, packages and Node) on images.workersBase; kept when current')
    .option('--force', 'build even when the engine has the image of this recipe', false)
    .action((options: { force: boolean }) =>
      run(async (context, globals) => {
        const { imagesBuild } = await import('../commands/images-build.js');
        const result = await imagesBuild(context, { force: options.force, onProgress: (line) => context.log.debug(`build: ${line}`) });
        if (globals.json) printJson({ ok: true, ...result });
        else if (result.action === 'configured') printLine(`images.workers is set: ${result.image} is used, nothing to build`);
        else
          printLine(
            `${result.image}: ${result.action === 'built' ? `built on ${result.base} (${result.files} files) in ${result.seconds.toFixed(1)} s` : 'present (this recipe)'}`,
          );
        return ExitCode.ok;
      }),
    );
  images
    .command('push-to-nodes')
    .description('copy each image to every Swarm node that may run it (docker save | docker load), for swarms without a registry')
    .option('--from <dockerHost>', 'the engine that has the images (default: this machine, unix:///var/run/docker.sock)', 'unix:///var/run/docker.sock')
    .action((options: { from: string }) =>
      run(async (context, globals) => {
        const { pushToNodes } = await import('../commands/images-push.js');
        const result = await pushToNodes(context, { from: options.from, onProgress: (line) => process.stderr.write(`${line}\n`) });
        if (globals.json) printJson({ ok: true, ...result });
        else {
          printTable([['NODE', 'IMAGE', 'ACTION', 'SECONDS'], ...result.images.map((i) => [i.node, i.image, i.action, i.seconds.toFixed(1)])]);
          printLine(`${result.images.filter((i) => i.action === 'loaded').length} copied in ${result.seconds.toFixed(1)} s`);
        }
        return ExitCode.ok;
      }),
    );
}
