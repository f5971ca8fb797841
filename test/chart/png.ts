import { loadImage, createCanvas } from '@napi-rs/canvas';

/** A decoded PNG: its size and a census of its pixels. */
export interface DecodedPng {
	readonly width: number;
	readonly height: number;
	/** Distinct RGBA colours. */
	readonly colors: number;
	/** Share of pixels that differ from the top-left pixel (the card background). */
	readonly inked: number;
	/** RGBA of the pixel at (x, y). */
	pixel(x: number, y: number): [number, number, number, number];
	/** Whether any pixel has exactly this RGB colour (alpha 255). */
	has(hex: string): boolean;
}

/** Decodes PNG bytes with the same library that drew them, after checking the PNG signature and IHDR size. */
export async function decodePng(bytes: Uint8Array): Promise<DecodedPng> {
	const buffer = Buffer.from(bytes);
	if (!buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		throw new Error('not a PNG: bad signature');
	}
	if (buffer.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG: no IHDR chunk first');
	const headerWidth = buffer.readUInt32BE(16);
	const headerHeight = buffer.readUInt32BE(20);
	const image = await loadImage(buffer);
	if (image.width !== headerWidth || image.height !== headerHeight) throw new Error('IHDR size disagrees with image');
	const canvas = createCanvas(image.width, image.height);
	const ctx = canvas.getContext('2d');
	ctx.drawImage(image, 0, 0);
	const data = ctx.getImageData(0, 0, image.width, image.height).data;
	const colors = new Set<number>();
	const rgbaAt = (i: number) => ((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!) >>> 0;
	const background = rgbaAt(0);
	let inked = 0;
	const rgb = new Set<string>();
	for (let i = 0; i < data.length; i += 4) {
		const value = rgbaAt(i);
		colors.add(value);
		if (value !== background) inked++;
		if (data[i + 3] === 255)
			rgb.add(((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!).toString(16).padStart(6, '0'));
	}
	return {
		width: image.width,
		height: image.height,
		colors: colors.size,
		inked: inked / (image.width * image.height),
		pixel: (x, y) => {
			const at = (y * image.width + x) * 4;
			return [data[at]!, data[at + 1]!, data[at + 2]!, data[at + 3]!];
		},
		has: (hex) => rgb.has(hex.replace('#', '').toLowerCase()),
	};
}
