import { describe, expect, it } from 'vitest';
import { MAX_SIDECAR_BYTES, parseAlbumMetadata, parseSidecar, SidecarError } from './sidecar';

const full = {
  title: 'IMG_1.jpg',
  description: 'Tram 28',
  creationTime: { timestamp: '1559400000', formatted: 'Jun 1, 2019, 2:40:00 PM UTC' },
  photoTakenTime: { timestamp: '1559383810', formatted: 'Jun 1, 2019, 10:10:10 AM UTC' },
  geoData: { latitude: 38.7139, longitude: -9.1394, altitude: 45.0, latitudeSpan: 0, longitudeSpan: 0 },
  geoDataExif: { latitude: 0.0, longitude: 0.0, altitude: 0.0 },
  people: [{ name: 'Ana' }, { name: 'Rui' }],
  favorited: true,
  url: 'https://photos.google.com/photo/x',
  googlePhotosOrigin: { mobileUpload: { deviceType: 'ANDROID_PHONE' } },
  appSource: { androidPackageName: 'com.example.camera' },
};

describe('parseSidecar', () => {
  it('reads the facts', () => {
    expect(parseSidecar(JSON.stringify(full))).toEqual({
      kind: 'media',
      title: 'IMG_1.jpg',
      description: 'Tram 28',
      photoTakenTime: { timestamp: 1559383810, iso: '2019-06-01T10:10:10Z' },
      creationTime: { timestamp: 1559400000, iso: '2019-06-01T14:40:00Z' },
      geoData: { latitude: 38.7139, longitude: -9.1394, altitude: 45 },
      geoDataExif: null,
      people: ['Ana', 'Rui'],
      favorited: true,
      url: 'https://photos.google.com/photo/x',
      origin: 'mobileUpload (ANDROID_PHONE)',
      appSource: 'com.example.camera',
    });
  });
  it('0/0 is no location; bytes are read as UTF-8', () => {
    const facts = parseSidecar(new TextEncoder().encode(JSON.stringify({ title: 'Café.jpg', geoData: { latitude: 0, longitude: 0, altitude: 0 } })));
    expect(facts.geoData).toBeNull();
    expect(facts.title).toBe('Café.jpg');
  });
  it('typed errors: too large, not JSON, not a sidecar', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof SidecarError ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => parseSidecar(new Uint8Array(MAX_SIDECAR_BYTES + 1)))).toBe('too-large');
    expect(code(() => parseSidecar('{"title": '))).toBe('not-json');
    expect(code(() => parseSidecar('[1]'))).toBe('not-sidecar');
    expect(code(() => parseSidecar('{"name": "package"}'))).toBe('not-sidecar');
  });
});

describe('parseAlbumMetadata', () => {
  it('reads title, description and date', () => {
    expect(parseAlbumMetadata('{"title":"Trip","description":"Summer","date":{"timestamp":"1692200000"}}')).toEqual({
      kind: 'album',
      title: 'Trip',
      description: 'Summer',
      date: { timestamp: 1692200000, iso: '2023-08-16T15:33:20Z' },
    });
  });
});
