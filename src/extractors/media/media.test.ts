/** The media extractor on the fixtures of scripts/fixtures/media.ts, and its sniffer. */
import { describe, expect, it } from 'vitest';
import type { Field, MetadataRecord } from '../types';
import { extractBytes } from '../../testing/extract-bytes';
import { MOV_KEYS_FIXTURE, MP4_FIXTURE, aiffBytes, aviLayout, flacBytes, fragmentedMp4Bytes, m4aBytes, mp3Bytes, mp4Bytes, mpegPsBytes, tsLayout, wavBytes } from '../../../scripts/fixtures/media';
import { BUDGET_BASE } from './read';
import { sniffMedia } from './sniff';
import { sniffPhoto } from '../photo/sniff';
import { parseLocation } from './present';
import { corpusFacts } from '../../testing/facts/media';

const values = (fields: readonly Field[] | undefined) => Object.fromEntries((fields ?? []).map((f) => [f.key, f.value]));
const group = (r: MetadataRecord, id: string) => values(r.groups.find((g) => g.id === id)?.fields);

describe('media extractor on fixtures', () => {
  it('MP4 with its moov after a 2 MiB mdat: streams, tags, rotation and the location as a GPS position', async () => {
    const { r } = await extractBytes(mp4Bytes(MP4_FIXTURE), 'moov-at-end.mp4');
    expect(r.errors).toEqual([]);
    expect(r.format).toEqual({ id: 'media', name: 'MPEG-4 (Base Media)' });
    expect(group(r, 'general')).toMatchObject({ format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: 10, nb_streams: 2 });
    expect(group(r, 'stream:0')).toMatchObject({ codec_type: 'video', codec: 'H.264 / AVC', codec_name: 'h264', Width: 640, Height: 360, fps: 30, Rotation: 90 });
    expect(group(r, 'stream:1')).toMatchObject({ codec_type: 'audio', codec: 'AAC', codec_name: 'aac', sample_rate: 48000, Channels: 2, Language: 'en' });
    expect(group(r, 'tags')).toMatchObject({ title: 'Fixture clip', artist: 'MetaExtract', encoder: 'MetaExtract fixtures' });
    expect(values(r.summary)).toMatchObject({ VideoCodec: expect.stringContaining('H.264 / AVC'), AudioCodec: 'AAC', Title: 'Fixture clip', Rotation: 90 });
    const summary = values(r.summary);
    expect(summary.GPSLatitude as number).toBeCloseTo(48.8584, 4);
    expect(summary.GPSLongitude as number).toBeCloseTo(2.2945, 4);
    expect(corpusFacts(r)).toMatchObject({ streams: [{ rotation: -90 }, {}], tags: { location: '+48.8584+002.2945/' } });
  });

  it('MP3 with ID3v2.4 and a Xing Info frame: duration from its frame count, tags, TSSE as the encoder', async () => {
    const { r } = await extractBytes(mp3Bytes(40), 'id3v24.mp3');
    expect(r.errors).toEqual([]);
    expect(group(r, 'general')).toMatchObject({ format_name: 'mp3', duration: Math.round(((40 * 1152) / 44100) * 1e6) / 1e6, nb_streams: 1 });
    expect(group(r, 'stream:0')).toMatchObject({ codec: 'MP3', codec_name: 'mp3', sample_rate: 44100, Channels: 2 });
    expect(group(r, 'tags')).toMatchObject({ title: 'Fixture tone', artist: 'MetaExtract', album: 'Fixtures', date: '2024', encoder: 'Lavf61.1.100' });
  });

  it('FLAC STREAMINFO and Vorbis comments', async () => {
    const { r } = await extractBytes(flacBytes(), 'streaminfo.flac');
    expect(r.errors).toEqual([]);
    expect(group(r, 'general')).toMatchObject({ format_name: 'flac', duration: 5, nb_streams: 1 });
    expect(group(r, 'stream:0')).toMatchObject({ codec_name: 'flac', sample_rate: 96000, Channels: 2, BitDepth: 24 });
    expect(group(r, 'tags')).toMatchObject({ title: 'Fixture FLAC', artist: 'MetaExtract', album: 'Fixtures' });
  });

  it('WAV PCM', async () => {
    const { r } = await extractBytes(wavBytes(1), 'silence.wav');
    expect(r.errors).toEqual([]);
    expect(group(r, 'general')).toMatchObject({ format_name: 'wav', duration: 1, nb_streams: 1 });
    expect(group(r, 'stream:0')).toMatchObject({ codec_name: 'pcm_s16le', sample_rate: 44100, Channels: 2, BitDepth: 16 });
  });

  it('M4A: audio-only MP4 with iTunes tags and a JPEG cover (an attached picture, as ffprobe counts it)', async () => {
    const bytes = m4aBytes();
    const { r, source } = await extractBytes(bytes, 'itunes.m4a');
    expect(r.errors).toEqual([]);
    expect(r.format).toEqual({ id: 'media', name: 'MPEG-4 (Apple audio with iTunes info)' });
    expect(group(r, 'general')).toMatchObject({ format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: 5.016, nb_streams: 2, CodecID: 'M4A ' });
    expect(group(r, 'stream:0')).toMatchObject({ codec_type: 'audio', codec_name: 'aac', sample_rate: 44100, Channels: 2, Language: 'en' });
    expect(group(r, 'stream:1')).toMatchObject({ codec_type: 'video', codec_name: 'mjpeg', attached_pic: true, Width: 16, Height: 16 });
    expect(group(r, 'tags')).toMatchObject({ title: 'Fixture song', artist: 'MetaExtract', album: 'Fixtures', date: '2024', track: '3/12', genre: 'Test', encoder: 'MetaExtract fixtures' });
    expect(values(r.summary)).toMatchObject({ AudioCodec: 'AAC', SampleRate: 44100, CoverArt: true, Album: 'Fixtures' });
    expect(source.bytesRead).toBeLessThanOrEqual(BUDGET_BASE + bytes.length);
  });

  it('fragmented MP4: moov with mvex, moof/mdat pairs; the nclx colour (BT.2020, PQ) as HDR; the iso6 brand is MPEG-4', async () => {
    const { r } = await extractBytes(fragmentedMp4Bytes(), 'fragmented.mp4');
    expect(r.errors).toEqual([]);
    expect(r.format.name).toBe('MPEG-4 (iso6), fragmented');
    expect(group(r, 'general')).toMatchObject({ format_name: 'mov,mp4,m4a,3gp,3g2,mj2', nb_streams: 2, fragmented: true });
    expect(group(r, 'general').duration as number).toBeCloseTo(10.027, 3); // the audio's 470 × 1024 / 48000 s, as ffprobe
    expect(group(r, 'stream:0')).toMatchObject({
      codec_name: 'h264',
      Width: 1280,
      Height: 720,
      fps: 30,
      display_aspect_ratio: '16:9',
      colour_primaries: 'BT.2020',
      transfer_characteristics: 'PQ',
      FrameCount: 300,
    });
    expect(group(r, 'stream:1')).toMatchObject({ codec_name: 'aac', sample_rate: 48000, Channels: 2, Language: 'fr' });
    expect(values(r.summary)).toMatchObject({ HDR: 'PQ', Colour: 'BT.2020 / PQ / BT.2020 non-constant', DisplayAspectRatio: '16:9', Languages: 'fr' });
  });

  it('QuickTime keys metadata (ISO 6709 location, creation date, make, model) and Nero chapters', async () => {
    const { r } = await extractBytes(mp4Bytes(MOV_KEYS_FIXTURE), 'keys-chapters.mov');
    expect(r.errors).toEqual([]);
    expect(r.format.name).toBe('QuickTime movie');
    expect(group(r, 'chapters')).toEqual({ '00:00:00.000': 'Opening', '00:00:04.000': 'Middle', '00:00:07.500': 'End' });
    expect(group(r, 'tags')).toMatchObject({ title: 'Keys clip', make: 'Apple', model: 'iPhone 15 Pro', date: '2024-05-01 10:20:30+02:00' });
    expect(values(r.summary)).toMatchObject({ GPSLatitude: 35.6895, GPSLongitude: 139.6917, GPSAltitude: 40, Make: 'Apple', Model: 'iPhone 15 Pro' });
    expect(corpusFacts(r)).toMatchObject({ duration: 10, tags: { location: '+35.6895+139.6917+40.000000/' } });
  });

  it('MPEG-TS: PAT/PMT, H.264 (SPS: size, rate, BT.709) and ADTS AAC with its ISO 639 language, duration from the timestamps', async () => {
    const { r } = await extractBytes(tsLayout(10).bytes(), 'h264-aac.ts');
    expect(r.errors).toEqual([]);
    expect(group(r, 'general')).toMatchObject({ format_name: 'mpegts', nb_streams: 2 });
    expect(group(r, 'general').duration as number).toBeCloseTo(10, 1);
    expect(group(r, 'stream:0')).toMatchObject({ codec_name: 'h264', Format_Profile: 'Main', Format_Level: '3.1', Width: 640, Height: 360, fps: 30, BitDepth: 8, colour_primaries: 'BT.709' });
    expect(group(r, 'stream:1')).toMatchObject({ codec_name: 'aac', sample_rate: 48000, Channels: 2, Language: 'en' });
    expect(group(r, 'tags')).toEqual({});
  });

  it('MPEG-PS: MPEG-2 video 720×576 16:9 and MPEG-1 Layer II audio', async () => {
    const { r } = await extractBytes(mpegPsBytes(10), 'mpeg2.mpg');
    expect(r.errors).toEqual([]);
    expect(group(r, 'general')).toMatchObject({ format_name: 'mpeg', duration: 10.008, nb_streams: 2 });
    expect(group(r, 'stream:0')).toMatchObject({ codec_name: 'mpeg2video', Format_Profile: 'Main', Width: 720, Height: 576, fps: 25, display_aspect_ratio: '16:9' });
    expect(group(r, 'stream:1')).toMatchObject({ codec_name: 'mp2', sample_rate: 48000, Channels: 2, BitRate: 192000 });
  });

  it('AVI: H.264 and PCM streams from hdrl, INFO tags, duration from avih', async () => {
    const { r } = await extractBytes(aviLayout(10, 2000).bytes(), 'h264-pcm.avi');
    expect(r.errors).toEqual([]);
    expect(group(r, 'general')).toMatchObject({ format_name: 'avi', duration: 10, nb_streams: 2 });
    expect(group(r, 'stream:0')).toMatchObject({ codec_name: 'h264', CodecID: 'H264', Width: 640, Height: 360, fps: 25, FrameCount: 250 });
    expect(group(r, 'stream:1')).toMatchObject({ codec_name: 'pcm_s16le', sample_rate: 48000, Channels: 2, BitDepth: 16 });
    expect(group(r, 'tags')).toMatchObject({ title: 'Fixture AVI', encoder: 'MetaExtract fixtures' });
  });

  it('AIFF: COMM (24-bit big-endian PCM, 80-bit sample rate), NAME and AUTH', async () => {
    const { r } = await extractBytes(aiffBytes(1), 'silence.aiff');
    expect(r.errors).toEqual([]);
    expect(group(r, 'general')).toMatchObject({ format_name: 'aiff', duration: 1, nb_streams: 1 });
    expect(group(r, 'stream:0')).toMatchObject({ codec_name: 'pcm_s24be', sample_rate: 48000, Channels: 2, BitDepth: 24 });
    expect(group(r, 'tags')).toMatchObject({ title: 'Fixture AIFF', artist: 'MetaExtract' });
  });
});

describe('sniffMedia', () => {
  const ftyp = (brand: string) => new Uint8Array([0, 0, 0, 16, ...new TextEncoder().encode(`ftyp${brand}`), 0, 0, 0, 0]);
  it('claims MP4/MOV brands and leaves HEIF, AVIF and CR3 to photo and raw', () => {
    for (const b of ['isom', 'mp42', 'qt  ', 'M4A ', 'dash']) expect(sniffMedia(ftyp(b))).toBe('yes');
    for (const b of ['heic', 'mif1', 'msf1', 'avif', 'crx ']) expect(sniffMedia(ftyp(b))).toBe('no');
    expect(sniffPhoto(ftyp('isom'))).toBe('no');
  });
  it('EBML, Ogg, FLAC, RIFF WAVE/AVI, AIFF, MPEG-PS/TS, ID3; an MPEG audio sync alone is maybe', () => {
    const b = (...x: number[]) => new Uint8Array([...x, ...new Array(16).fill(0)]);
    const a = (s: string) => new Uint8Array([...new TextEncoder().encode(s), ...new Array(16).fill(0)]);
    expect(sniffMedia(b(0x1a, 0x45, 0xdf, 0xa3))).toBe('yes');
    expect(sniffMedia(a('OggS'))).toBe('yes');
    expect(sniffMedia(a('fLaC'))).toBe('yes');
    expect(sniffMedia(a('RIFF\0\0\0\0WAVE'))).toBe('yes');
    expect(sniffMedia(a('RIFF\0\0\0\0AVI '))).toBe('yes');
    expect(sniffMedia(a('RIFF\0\0\0\0WEBP'))).toBe('no');
    expect(sniffMedia(a('FORM\0\0\0\0AIFF'))).toBe('yes');
    expect(sniffMedia(b(0, 0, 1, 0xba))).toBe('yes');
    const ts = new Uint8Array(188 * 3 + 1);
    ts[0] = ts[188] = ts[376] = 0x47;
    expect(sniffMedia(ts)).toBe('yes');
    expect(sniffMedia(a('ID3\x04\0\0\0\0\0\x10'))).toBe('yes');
    expect(sniffMedia(b(0xff, 0xfb, 0x90, 0x44), 'x.bin')).toBe('maybe');
    expect(sniffMedia(b(0xff, 0xfb, 0x90, 0x44), 'x.mp3')).toBe('yes');
    expect(sniffMedia(b(0xff, 0xff, 0xff, 0xff))).toBe('no');
  });
});

describe('parseLocation', () => {
  it('reads ISO 6709 and MediaInfo degrees', () => {
    expect(parseLocation('+40.7580-073.9855+010.000/')).toEqual({ lat: 40.758, lon: -73.9855, alt: 10 });
    expect(parseLocation('40.7580°N 73.9855°W 10.000m / 40.757996°N 73.985489°W 10.000m')).toEqual({ lat: 40.758, lon: -73.9855, alt: 10 });
    expect(parseLocation('+95.0+000.0/')).toBeUndefined();
  });
});
