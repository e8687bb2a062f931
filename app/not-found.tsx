import Link from "@/components/link";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-8 text-center">
      <p className="text-5xl font-semibold text-slate-300">404</p>
      <h1 className="text-lg font-medium text-slate-800">页面不存在，或不在您的管辖范围内</h1>
      <Link href="/" className="text-sm text-police-600 hover:underline">
        返回工作首页
      </Link>
    </main>
  );
}
