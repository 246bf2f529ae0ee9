import { api } from '../api'
import type { DatasetFiles } from './UserFilePicker'

const IMAGE = /\.(png|jpe?g)$/i

/** A file's bytes as base64 (how uploads cross the WebSocket). */
export async function base64(file: File): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => resolve(r.result as string)
    r.onerror = () => reject(new Error(`could not read ${file.name}`))
    r.readAsDataURL(file)
  })
  return url.slice(url.indexOf(',') + 1)
}

/** A folder pick names files "top/cat/1.png"; the dataset folder is "top", so drop it. */
const inside = (f: File) =>
  f.webkitRelativePath ? f.webkitRelativePath.split('/').slice(1).join('/') : f.name

/**
 * Uploads the picked files into the engine's imported folder and says which dataset paths now
 * point at them: the folder for image datasets, the file for CSV/text, images+labels for IDX.
 */
export async function uploadFiles(
  kind: string,
  list: FileList,
): Promise<{ files: DatasetFiles; folder: string; count: number }> {
  let files = Array.from(list)
  const folderPick = files.some((f) => f.webkitRelativePath)
  if (folderPick) files = files.filter((f) => IMAGE.test(f.name))
  if (files.length === 0) throw new Error('no PNG or JPEG pictures in the chosen folder')
  const top = folderPick ? files[0].webkitRelativePath.split('/')[0] : files[0].name.replace(/\.[^.]*$/, '')
  // the engine refuses a leading dot (hidden, or '..') and a trailing dot or space (Windows trims them)
  const name =
    top
      .replace(/[^\p{L}\p{M}\p{N}_ .-]+/gu, '-')
      .slice(0, 80)
      .replace(/^[.\s]+|[.\s]+$/g, '') || 'dataset'
  const payload = await Promise.all(files.map(async (f) => ({ path: inside(f), data: await base64(f) })))
  const { folder, files: count } = await api.invoke('datasets:import', { name, files: payload })
  if (folderPick) return { files: { path: folder }, folder, count }
  if (kind === 'idx') {
    const labels = files.find((f) => /labels|idx1/i.test(f.name))
    const images = files.find((f) => f !== labels)
    if (!images || !labels) throw new Error('choose both IDX files: the images (idx3) and the labels (idx1)')
    return { files: { path: `${folder}/${images.name}`, target: `${folder}/${labels.name}` }, folder, count }
  }
  return { files: { path: `${folder}/${files[0].name}` }, folder, count }
}
