/**
 * `deepwire finetune`: the graph edits of fine-tuning from the command line — resize the head to
 * a new task's classes, freeze what comes before it, raise the head's learning rate, point the
 * graph at the new data — written as a new graph file to train with `--init-from`.
 */
import { promises as fs, existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { parseNormalize } from '../data/normalize'
import { freezeBefore, replaceHead } from '../graph/finetune'
import { formatIssues } from '../graph/issues'
import { parseGraph } from '../graph/parse'
import { quote } from '../budget/untrusted'
import { CHECKPOINT_FILE } from '../node/run'
import { CliError, positive, readAdmitted, whole } from './input'

/**
 * A checkpoint named directly, or a folder holding one: a training run's --out folder
 * (checkpoint.dwckpt) or an import's folder (its single <name>.dwckpt).
 */
export function checkpointIn(p: string): string {
  if (!existsSync(p) || !statSync(p).isDirectory()) return p
  if (existsSync(path.join(p, CHECKPOINT_FILE))) return path.join(p, CHECKPOINT_FILE)
  const found = readdirSync(p).filter((f) => f.endsWith('.dwckpt'))
  if (found.length === 1) return path.join(p, found[0])
  throw new CliError(
    `${p} holds ${found.length ? `${found.length} checkpoints` : 'no checkpoint'}: name the .dwckpt file`,
  )
}

export function addFinetuneCommand(program: Command) {
  program
    .command('finetune <graph>')
    .description(
      'prepare a graph for fine-tuning: resize the last Dense to --classes, freeze the nodes before it, and write a new graph to train with --init-from',
    )
    .requiredOption('--classes <n>', 'outputs of the new head (the new task’s classes)', whole('--classes'))
    .requiredOption('--out <file>', 'the new graph file')
    .option('--freeze-before <node>', 'freeze every node before this one (default: the head)')
    .option('--no-freeze', 'train every layer (the head still starts fresh)')
    .option('--head-lr <x>', 'learning-rate multiplier of the new head', positive('--head-lr'), 10)
    .option('--dataset <name>', 'the new task’s dataset (see `deepwire datasets`)')
    .option('--data-path <path>', 'file or folder for csv/images/idx/text datasets')
    .option('--normalize <stats>', "images: 'imagenet' or 'm1,m2,m3/s1,s2,s3'")
    .action(
      async (
        file: string,
        o: {
          classes: number
          out: string
          freezeBefore?: string
          freeze: boolean
          headLr: number
          dataset?: string
          dataPath?: string
          normalize?: string
        },
      ) => {
        const parsed = parseGraph(await readAdmitted(file))
        if (!parsed.ok) throw new CliError(formatIssues(parsed.errors).join('\n'))
        let doc = parsed.doc
        const edit = <T>(f: () => T) => {
          try {
            return f()
          } catch (e) {
            throw new CliError(`${file}: ${(e as Error).message}`)
          }
        }
        const { doc: resized, head } = edit(() => replaceHead(doc, o.classes, o.headLr))
        doc = resized
        let frozen: string[] = []
        if (o.freeze) ({ doc, frozen } = edit(() => freezeBefore(doc, o.freezeBefore ?? head)))
        const normalize = o.normalize === undefined ? undefined : parseNormalize(o.normalize)
        if (normalize === null)
          throw new CliError(`--normalize takes 'imagenet' or m1,m2,m3/s1,s2,s3, not ${quote(o.normalize!)}`)
        const dataset = {
          ...(o.dataset ? { name: o.dataset } : doc.training.dataset),
          ...(o.dataPath ? { path: o.dataPath } : {}),
          ...(normalize ? { normalize } : {}),
        }
        doc = { ...doc, training: { ...doc.training, dataset } }
        const check = parseGraph(doc)
        if (!check.ok) throw new CliError(formatIssues(check.errors).join('\n'))
        await fs.writeFile(o.out, JSON.stringify(doc, null, 2) + '\n')
        console.log(
          `wrote ${o.out}: head ${quote(head)} now has ${o.classes} outputs at ${o.headLr}× the learning rate; ${frozen.length ? `frozen: ${frozen.join(', ')}` : 'nothing frozen'}`,
        )
      },
    )
}
