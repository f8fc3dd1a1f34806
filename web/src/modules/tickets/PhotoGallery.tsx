/** The ticket's photos as thumbnails; a tap opens the full image (with the others to swipe through). */
import { Image } from 'antd';
import { useI18n } from '../../i18n';
import type { Photo } from './tickets.api';

export function PhotoGallery({ photos, size = 88 }: { photos: Photo[]; size?: number }) {
  const { t } = useI18n();
  if (!photos.length) return null;
  return (
    <Image.PreviewGroup>
      <div className="photo-gallery" data-testid="photo-gallery">
        {photos.map((p, i) => (
          <Image key={p.id} src={p.thumbUrl} preview={{ src: p.url }} width={size} height={size} alt={t('tickets.photo.alt', { n: i + 1 })} className="photo-thumb" />
        ))}
      </div>
    </Image.PreviewGroup>
  );
}
