// The evidence files of a progress update or a 督办 step: one download link each (through the attachment route and
// its scope check), with the file's name and size.
import { PaperclipIcon } from "@/components/icons";

export function EvidenceLinks({ files, className = "mt-2" }: { files: { id: number; filename: string; size: number }[]; className?: string }) {
  if (!files.length) return null;
  return (
    <ul className={`${className} flex flex-wrap gap-2`}>
      {files.map((f) => (
        <li key={f.id}>
          <a href={`/api/attachments/${f.id}`} className="rounded bg-slate-100 px-2 py-0.5 text-xs text-police-700 hover:underline" data-testid="evidence-link">
            <PaperclipIcon /> {f.filename}（{Math.max(1, Math.round(f.size / 1024))} KB）
          </a>
        </li>
      ))}
    </ul>
  );
}
