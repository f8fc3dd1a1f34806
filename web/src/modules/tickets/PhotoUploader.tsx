/** 照片: up to 9, each uploaded as soon as it is picked (with its progress), previews from the picked file. */
import { App, Upload, type UploadFile } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';
import { MAX_PHOTOS, photoProblem, uploadPhoto } from './photos';
import type { Photo } from './tickets.api';

export type PhotoFile = UploadFile<Photo>;

/** The ids of the photos that finished uploading. */
export const uploadedIds = (files: PhotoFile[] | undefined): string[] =>
  (files ?? []).filter((f) => f.status === 'done' && f.response).map((f) => f.response!.id);

/** True while a photo is still on its way (the form waits for it). */
export const stillUploading = (files: PhotoFile[] | undefined): boolean => (files ?? []).some((f) => f.status === 'uploading');

export function PhotoUploader({ value = [], onChange, testId = 'photos' }: { value?: PhotoFile[]; onChange?: (files: PhotoFile[]) => void; testId?: string }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();

  return (
    <Upload<Photo>
      listType="picture-card"
      accept="image/jpeg,image/png,image/webp"
      multiple
      fileList={value}
      maxCount={MAX_PHOTOS}
      data-testid={testId}
      beforeUpload={(file) => {
        const problem = photoProblem(file);
        if (problem) {
          void message.error(t(problem === 'type' ? 'tickets.photo.badType' : 'tickets.photo.tooBig', { name: file.name }));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onProgress, onSuccess, onError }) => {
        uploadPhoto(file as File, (percent) => onProgress?.({ percent }))
          .then((photo) => onSuccess?.(photo))
          .catch((e: unknown) => {
            void message.error(errorText(e, t, lang));
            onError?.(e as Error);
          });
      }}
      onChange={({ fileList }) => onChange?.(fileList)}
      showUploadList={{ showPreviewIcon: false }}
    >
      {value.length < MAX_PHOTOS && (
        <div className="photo-add">
          <CameraOutlined />
          <div>{t('tickets.photo.add', { n: value.length, max: MAX_PHOTOS })}</div>
        </div>
      )}
    </Upload>
  );
}
