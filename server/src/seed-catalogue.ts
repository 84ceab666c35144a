import type { LocalizedText, WorkMetadataInput } from '@yunzhan/shared';
import { ART_STYLES, PALETTES, type ArtStyle } from './seed-art';

// The demo catalogue: 32 generated works by eight invented artists, with bilingual titles,
// media, sizes, descriptions and wall labels. Everything here is fiction made for the demo.

/** One work of the demo catalogue and how to draw it. */
export interface DemoArtwork {
  /** 1-based; also the seed of its drawing. */
  n: number;
  /** `demo-art-01`: the asset id, the folder of its renditions and the cached source's name. */
  slug: string;
  style: ArtStyle;
  palette: readonly string[];
  /** Width / height of the picture. */
  aspect: number;
  metadata: WorkMetadataInput;
}

const ARTISTS = [
  { name: '林若溪 Lin Ruoxi', born: 1931 },
  { name: '周明远 Zhou Mingyuan', born: 1948 },
  { name: 'Hanna Sørensen', born: 1956 },
  { name: '陈一禾 Chen Yihe', born: 1972 },
  { name: 'Mateo Ibarra', born: 1964 },
  { name: '许澄 Xu Cheng', born: 1985 },
  { name: 'Aiko Tanabe', born: 1979 },
  { name: '韩书白 Han Shubai', born: 1990 },
];

const STYLE_TEXT: Record<ArtStyle, { titles: [string, string][]; medium: LocalizedText; about: LocalizedText }> = {
  field: {
    titles: [['色域 之一', 'Colour Field I'], ['暮色浮块', 'Floating Dusk'], ['静默的红', 'Silent Red'], ['两种温度', 'Two Temperatures']],
    medium: { 'zh-CN': '布面油画', en: 'Oil on canvas' },
    about: { 'zh-CN': '柔和边缘的色块悬浮于底色之上，颜色之间的呼吸比形状更重要。', en: 'Soft-edged blocks of colour hover over the ground; the breathing between colours matters more than the shapes.' },
  },
  grid: {
    titles: [['构成 第七号', 'Composition No. 7'], ['城市网格', 'City Grid'], ['红黄蓝的秩序', 'Order in Red, Yellow and Blue'], ['窗格', 'Window Panes']],
    medium: { 'zh-CN': '布面丙烯', en: 'Acrylic on canvas' },
    about: { 'zh-CN': '黑色直线分割画面，少数格子被原色填满，平衡来自不对称。', en: 'Black lines divide the canvas and a few cells take primary colours; the balance comes from asymmetry.' },
  },
  bands: {
    titles: [['海平线', 'Horizon'], ['晨曦', 'First Light'], ['远方的日落', 'Distant Sunset'], ['潮汐记忆', 'Tidal Memory']],
    medium: { 'zh-CN': '数字微喷', en: 'Archival pigment print' },
    about: { 'zh-CN': '渐变的色带构成天空与海面，一轮淡日停在其间。', en: 'Graded bands make a sky and a sea, with a pale sun resting between them.' },
  },
  circles: {
    titles: [['圆的合唱', 'Chorus of Circles'], ['星图', 'Star Chart'], ['回声', 'Echoes'], ['漂浮', 'Adrift']],
    medium: { 'zh-CN': '纸本水彩', en: 'Watercolour on paper' },
    about: { 'zh-CN': '大小不一的圆与环彼此重叠，几条直线像乐谱上的连线穿过它们。', en: 'Circles and rings of every size overlap; a few lines cross them like slurs in a score.' },
  },
  stripes: {
    titles: [['节奏', 'Rhythm'], ['条码诗', 'Barcode Poem'], ['振动', 'Vibration'], ['竖琴', 'Harp']],
    medium: { 'zh-CN': '丝网印刷', en: 'Screen print' },
    about: { 'zh-CN': '宽窄不一的竖条纹并置，观者移动时画面仿佛在颤动。', en: 'Stripes of changing width stand side by side; the picture seems to shimmer as the visitor moves.' },
  },
  mountains: {
    titles: [['远山', 'Distant Mountains'], ['层峦', 'Layered Peaks'], ['雾中山水', 'Landscape in Mist'], ['秋山行旅', 'Travellers in Autumn Hills']],
    medium: { 'zh-CN': '纸本水墨', en: 'Ink on paper' },
    about: { 'zh-CN': '层层山脊由近及远渐淡，以水墨的方式呈现空间的深度。', en: 'Ridge after ridge fades into the distance, giving depth the way ink washes do.' },
  },
  waves: {
    titles: [['风的轨迹', 'Trace of the Wind'], ['声波', 'Sound Waves'], ['水纹', 'Ripples'], ['呼吸', 'Breath']],
    medium: { 'zh-CN': '布面丙烯', en: 'Acrylic on canvas' },
    about: { 'zh-CN': '平行的波线相位缓慢漂移，像风吹过水面，也像一段声音。', en: 'Parallel waves drift slowly out of phase, like wind on water or a sound made visible.' },
  },
  triangles: {
    titles: [['镶嵌', 'Mosaic'], ['碎片', 'Fragments'], ['晶体', 'Crystal'], ['拼图花园', 'Puzzle Garden']],
    medium: { 'zh-CN': '木板油彩', en: 'Oil on panel' },
    about: { 'zh-CN': '三角形在网格上随机翻转，形成既规则又意外的镶嵌图案。', en: 'Triangles flip at random over a grid, a mosaic both regular and surprising.' },
  },
};

/** Proportions the works come in: squares, landscapes, portraits, a hanging scroll, a panorama. */
const ASPECTS = [1, 4 / 3, 3 / 4, 16 / 9, 2 / 3, 3 / 2, 1 / 2, 2];

/** Number of works in the demo catalogue. */
export const DEMO_ARTWORK_COUNT = 32;

/** The demo catalogue, the same on every run. */
export function demoCatalogue(): DemoArtwork[] {
  return Array.from({ length: DEMO_ARTWORK_COUNT }, (_, i) => {
    const n = i + 1;
    const style = ART_STYLES[i % ART_STYLES.length]!;
    const text = STYLE_TEXT[style];
    const [zhTitle, enTitle] = text.titles[Math.floor(i / ART_STYLES.length) % text.titles.length]!;
    const artist = ARTISTS[(i * 3) % ARTISTS.length]!;
    const aspect = ASPECTS[(i * 5) % ASPECTS.length]!;
    // Long side between 60 and 180 cm.
    const longCm = 60 + ((i * 37) % 121);
    const widthCm = Math.round(aspect >= 1 ? longCm : longCm * aspect);
    const heightCm = Math.round(aspect >= 1 ? longCm / aspect : longCm);
    const year = artist.born + 25 + ((i * 7) % 30);
    const date = i % 5 === 0 ? `c. ${year}` : String(year);
    return {
      n,
      slug: `demo-art-${String(n).padStart(2, '0')}`,
      style,
      palette: PALETTES[(i * 3 + Math.floor(i / 8)) % PALETTES.length]!,
      aspect,
      metadata: {
        title: { 'zh-CN': zhTitle, en: enTitle },
        creator: artist.name,
        date,
        medium: text.medium,
        dimensions: { widthCm, heightCm },
        description: {
          'zh-CN': `${text.about['zh-CN']}本作品由程序生成，专为云展演示而作。`,
          en: `${text.about.en} The picture is generated by a program, made for the Yunzhan demo.`,
        },
        label: {
          'zh-CN': `${/[\u4e00-\u9fff]/.test(artist.name) ? artist.name.split(' ')[0] : artist.name}，《${zhTitle}》，${date}，${text.medium['zh-CN']}，${heightCm} × ${widthCm} 厘米。`,
          en: `${artist.name}, ${enTitle}, ${date}. ${text.medium.en}, ${heightCm} × ${widthCm} cm.`,
        },
        rights: { holder: 'Yunzhan demo collection', licence: 'cc-by', credit: '云展演示藏品 · Yunzhan demo collection' },
      },
    };
  });
}
