// What a Word (.docx) or Excel (.xlsx) package may contain when it is kept as evidence: the parts, content types
// and relationships those programs (and WPS) write for text, tables, images and charts — nothing that runs code
// (macros, executables), embeds other programs' objects (OLE, ActiveX, packages) or reaches outside the file.

const OXML = "application/vnd.openxmlformats-officedocument.";
const WML = `${OXML}wordprocessingml.`;
const SML = `${OXML}spreadsheetml.`;
const DML = `${OXML}drawingml.`;

export const MAIN_TYPES = {
  docx: `${WML}document.main+xml`,
  xlsx: `${SML}sheet.main+xml`,
} as const;

export const MAIN_PARTS = { docx: "word/document.xml", xlsx: "xl/workbook.xml" } as const;

/** Part content types allowed in evidence (compared in lower case). */
export const ALLOWED_CONTENT_TYPES = new Set(
  [
    // package
    "application/vnd.openxmlformats-package.relationships+xml",
    "application/vnd.openxmlformats-package.core-properties+xml",
    `${OXML}extended-properties+xml`,
    `${OXML}custom-properties+xml`,
    `${OXML}customXmlProperties+xml`,
    `${OXML}theme+xml`,
    `${OXML}themeOverride+xml`,
    `${OXML}vmlDrawing`,
    `${OXML}drawing+xml`,
    `${OXML}obfuscatedFont`,
    "application/xml",
    "text/xml",
    // Word
    MAIN_TYPES.docx,
    ...["styles", "settings", "webSettings", "fontTable", "numbering", "footnotes", "endnotes", "header", "footer", "comments", "document.glossary", "printerSettings"].map((t) =>
      t === "printerSettings" ? `${WML}${t}` : `${WML}${t}+xml`,
    ),
    "application/vnd.ms-word.stylesWithEffects+xml",
    "application/vnd.ms-word.commentsExtended+xml",
    "application/vnd.ms-word.commentsIds+xml",
    "application/vnd.ms-word.commentsExtensible+xml",
    "application/vnd.ms-word.people+xml",
    "application/vnd.ms-office.intelligence2+xml",
    "application/vnd.ms-office.classificationlabels+xml",
    // Excel
    MAIN_TYPES.xlsx,
    ...["worksheet", "chartsheet", "sharedStrings", "styles", "calcChain", "table", "comments", "pivotTable", "pivotCacheDefinition", "pivotCacheRecords", "sheetMetadata", "volatileDependencies", "tableSingleCells", "revisionHeaders", "revisionLog", "userNames"].map((t) => `${SML}${t}+xml`),
    `${SML}printerSettings`,
    "application/vnd.ms-excel.person+xml",
    "application/vnd.ms-excel.threadedcomments+xml",
    "application/vnd.ms-excel.slicer+xml",
    "application/vnd.ms-excel.slicercache+xml",
    "application/vnd.ms-excel.timeline+xml",
    "application/vnd.ms-excel.timelinecache+xml",
    "application/vnd.ms-excel.featurepropertybag+xml",
    ...["rdrichvalue", "rdrichvaluestructure", "rdrichvaluetypes", "rdarray", "rdsupportingpropertybag", "rdsupportingpropertybagstructure", "richvaluerel"].map((t) => `application/vnd.ms-excel.${t}+xml`),
    // charts, SmartArt
    ...["chart", "chartshapes", "diagramData", "diagramLayout", "diagramStyle", "diagramColors"].map((t) => `${DML}${t}+xml`),
    "application/vnd.ms-office.drawingml.diagramdrawing+xml",
    "application/vnd.ms-office.chartstyle+xml",
    "application/vnd.ms-office.chartcolorstyle+xml",
    // pictures
    "image/png",
    "image/jpeg",
    "image/jpg",
    "image/gif",
    "image/bmp",
    "image/tiff",
    "image/x-emf",
    "image/x-wmf",
    "image/svg+xml",
    "image/vnd.ms-photo",
  ].map((t) => t.toLowerCase()),
);

/** Part name extensions allowed (every other one is refused, executables by name among them). */
export const ALLOWED_EXTENSIONS = new Set(["xml", "rels", "vml", "png", "jpeg", "jpg", "jfif", "gif", "bmp", "tif", "tiff", "emf", "wmf", "svg", "wdp", "odttf", "fntdata", "bin"]);

/** `.bin` is what Excel/Word name their printer settings (a DEVMODE record); any other binary part is refused. */
export const BIN_ALLOWED = /^(xl|word)\/printerSettings\/printerSettings\d+\.bin$/i;

export const EXECUTABLE_EXTENSIONS = new Set(
  "exe dll com scr pif cpl sys drv ocx msi msp mst bat cmd ps1 psm1 ps1xml vbs vbe js jse wsf wsh wsc hta jar class sh bash py pl rb php lnk url reg inf scf msc application gadget appx msix dmg app elf so dylib".split(" "),
);

/** Macros, by part name and by content type. */
export const MACRO_NAME = /(^|\/)(vbaProject\.bin|vbaData\.xml|vbaProjectSignature\.bin|customizations\.xml|attachedToolbars\.bin)$|(^|\/)macrosheets\//i;
export const MACRO_TYPE = /macroenabled|vbaproject|vbadata|ms-excel\.(intl)?macrosheet|ms-excel\.addin|keymapcustomizations|attachedtoolbars|ms-office\.vbaproject/i;

/** OLE objects, ActiveX controls and embedded packages, by part name and by content type. */
export const OLE_NAME = /(^|\/)(embeddings|activeX)\/|oleObject|(^|\/)ctrlProps\//i;
export const OLE_TYPE = /oleobject|activex|\.package$|embedded|ms-office\.control|msword$|ms-excel$|ms-powerpoint$|openxmlformats-officedocument\.(wordprocessingml\.document|spreadsheetml\.sheet|presentationml\.presentation)$/i;

/** Relationship types refused whatever their target (by the last path segment of the type URI, lower case). */
export const REFUSED_RELATIONSHIPS: Record<string, "macro" | "ole" | "external"> = {
  vbaproject: "macro",
  wordvbadata: "macro",
  keymapcustomizations: "macro",
  attachedtoolbars: "macro",
  oleobject: "ole",
  package: "ole",
  control: "ole",
  activexcontrol: "ole",
  activexcontrolbinary: "ole",
  afchunk: "ole",
  attachedtemplate: "external",
  subdocument: "external",
  frame: "external",
  externallink: "external",
  externallinkpath: "external",
  connections: "external",
  querytable: "external",
};

/** The only external targets allowed: a hyperlink to a web page or a mail address. */
export const ALLOWED_EXTERNAL = /^(https?:\/\/|mailto:)/i;

/** Signatures of executables and containers that must not be parts of a document. */
export const EXECUTABLE_MAGIC: { name: string; bytes: number[] }[] = [
  { name: "Windows 可执行文件", bytes: [0x4d, 0x5a] },
  { name: "Linux 可执行文件", bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: "macOS 可执行文件", bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: "macOS 可执行文件", bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { name: "Java/macOS 可执行文件", bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { name: "脚本", bytes: [0x23, 0x21] },
  { name: "OLE 复合文档", bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { name: "压缩包", bytes: [0x50, 0x4b, 0x03, 0x04] },
];

/** Pictures must start as their type says. */
export const IMAGE_MAGIC: Record<string, number[][]> = {
  png: [[0x89, 0x50, 0x4e, 0x47]],
  jpg: [[0xff, 0xd8, 0xff]],
  jpeg: [[0xff, 0xd8, 0xff]],
  jfif: [[0xff, 0xd8, 0xff]],
  gif: [[0x47, 0x49, 0x46, 0x38]],
  bmp: [[0x42, 0x4d]],
};
