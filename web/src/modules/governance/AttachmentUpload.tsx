/** 上传附件 on a disclosure post (staff): PDF, images or xlsx, each with its progress; the post's list shows it when done. */
import { App, Button, Upload, type UploadFile } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';
import type { Disclosure } from './governance.api';
import { uploadRaw } from '../../api';
import { ATTACHMENT_ACCEPT, attachmentType, uploadProblem } from './upload';

export function AttachmentUpload({ postId }: { postId: string }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [files, setFiles] = useState<UploadFile<Disclosure>[]>([]);
  return (
    <div data-testid="attach-upload">
    <Upload<Disclosure>
      accept={ATTACHMENT_ACCEPT}
      multiple
      fileList={files}
      beforeUpload={(file) => {
        const problem = uploadProblem(file, 'attachment');
        if (problem) {
          void message.error(t(`upload.${problem}`, { name: file.name }));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onProgress, onSuccess, onError }) => {
        const f = file as File;
        uploadRaw<Disclosure>(`/api/v1/disclosures/${encodeURIComponent(postId)}/attachments?fileName=${encodeURIComponent(f.name.slice(0, 120))}`, f, attachmentType(f)!, (percent) => onProgress?.({ percent }))
          .then((post) => {
            onSuccess?.(post);
            void message.success(t('upload.attached', { name: f.name }));
            void qc.invalidateQueries({ queryKey: ['disclosures'] });
          })
          .catch((e: unknown) => {
            void message.error(errorText(e, t, lang));
            onError?.(e as Error);
          });
      }}
      // Finished uploads leave the list: the post's own attachments show them.
      onChange={({ fileList }) => setFiles(fileList.filter((f) => f.status !== 'done'))}
      showUploadList={{ showRemoveIcon: true }}
    >
      <Button size="small" icon={<PaperClipOutlined />}>
        {t('upload.attach')}
      </Button>
    </Upload>
    </div>
  );
}
