package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/mastheadhq/masthead/internal/news"
)

// S3Config says where S3 keeps a publication's media.
//
// For AWS S3 give Bucket and Region, and leave Endpoint empty and PathStyle
// off. AccessKey and SecretKey may be left empty too, and then the usual
// AWS chain supplies credentials (AWS_* environment variables, the shared
// config files, an instance or task role).
//
// For a self-hosted S3-compatible server (MinIO, Garage, SeaweedFS, Ceph…)
// give Endpoint as a full URL such as "http://minio.internal:9000", set
// PathStyle (such servers rarely resolve bucket names as host names), and
// give AccessKey and SecretKey. Region may stay empty unless the server
// checks it (Garage does: use the region of its configuration).
//
// Either way the credentials need s3:GetObject, s3:PutObject,
// s3:DeleteObject and s3:ListBucket on the bucket: without ListBucket, S3
// answers a missing object with 403 instead of 404, and a broken image
// link would read as a storage failure.
type S3Config struct {
	Bucket    string
	Endpoint  string
	Region    string
	AccessKey string
	SecretKey string
	// Prefix puts every key under a folder of the bucket, so that one
	// bucket can hold several publications or other data.
	Prefix string
	// PathStyle addresses the bucket as endpoint/bucket/key instead of
	// bucket.endpoint/key.
	PathStyle bool
}

// defaultRegion signs requests when no region is configured anywhere:
// AWS needs some region to sign with, and self-hosted servers accept this
// one unless configured otherwise.
const defaultRegion = "us-east-1"

// immutableCache lets browsers and CDNs keep a media file for a year
// without asking again: keys are content-addressed, so the bytes under a
// key never change.
const immutableCache = "public, max-age=31536000, immutable"

// S3 is Storage on an S3-compatible bucket, for publications whose app
// nodes must all see the same files.
type S3 struct {
	client *s3.Client
	bucket string
	prefix string
}

// NewS3 connects to the bucket cfg names and checks that it is there, so
// that a misconfiguration stops start-up instead of failing every upload.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	prefix, err := s3Prefix(cfg.Prefix)
	if err != nil {
		return nil, err
	}
	if cfg.Bucket == "" {
		return nil, fmt.Errorf("s3 media storage: no bucket: %w", news.ErrInvalid)
	}
	client, err := newS3Client(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("s3 media storage: %w", err)
	}
	if _, err := client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(cfg.Bucket)}); err != nil {
		return nil, fmt.Errorf("s3 media storage: bucket %q: %w", cfg.Bucket, err)
	}
	return &S3{client: client, bucket: cfg.Bucket, prefix: prefix}, nil
}

// s3Prefix turns the configured prefix into the string put before every
// key: empty, or a valid key followed by a slash.
func s3Prefix(prefix string) (string, error) {
	prefix = strings.Trim(prefix, "/")
	if prefix == "" {
		return "", nil
	}
	if err := checkKey(prefix); err != nil {
		return "", fmt.Errorf("s3 media storage: prefix: %w", err)
	}
	return prefix + "/", nil
}

func newS3Client(ctx context.Context, cfg S3Config) (*s3.Client, error) {
	var opts []func(*config.LoadOptions) error
	if cfg.Region != "" {
		opts = append(opts, config.WithRegion(cfg.Region))
	}
	switch {
	case cfg.AccessKey != "" && cfg.SecretKey != "":
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(cfg.AccessKey, cfg.SecretKey, "")))
	case cfg.AccessKey != "" || cfg.SecretKey != "":
		return nil, fmt.Errorf("access key and secret key go together: %w", news.ErrInvalid)
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, err
	}
	if awsCfg.Region == "" {
		awsCfg.Region = defaultRegion
	}
	return s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		o.UsePathStyle = cfg.PathStyle
		if cfg.Endpoint == "" {
			return
		}
		o.BaseEndpoint = aws.String(cfg.Endpoint)
		// The SDK's default checksums on every upload are newer than many
		// S3-compatible servers, which refuse such uploads outright.
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	}), nil
}

// objectKey checks key and returns the object's name in the bucket.
func (s *S3) objectKey(key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	return s.prefix + key, nil
}

// Put uploads r under key unless the object is already there: keys are
// content-addressed, so an existing object already holds these bytes.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, contentType string) error {
	name, err := s.objectKey(key)
	if err != nil {
		return err
	}
	_, err = s.head(ctx, name)
	if err == nil {
		return nil
	}
	if !isNotFound(err) {
		return fmt.Errorf("put %s: %w", key, err)
	}
	// The SDK needs a seekable body of known length to sign the upload and
	// to resend it on a retry; media files are small enough (the library
	// caps them at a few tens of megabytes) to hold in memory for that.
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	_, err = s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(s.bucket),
		Key:           aws.String(name),
		Body:          bytes.NewReader(data),
		ContentLength: aws.Int64(int64(len(data))),
		ContentType:   aws.String(contentType),
		CacheControl:  aws.String(immutableCache),
	})
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	return nil
}

// Open returns the object stored under key. Only its size and time are
// fetched now; the bytes are requested on the first Read, from wherever
// the reader has sought to, so serving a range downloads only that range.
func (s *S3) Open(ctx context.Context, key string) (File, error) {
	name, err := s.objectKey(key)
	if err != nil {
		return nil, err
	}
	head, err := s.head(ctx, name)
	if isNotFound(err) {
		return nil, fmt.Errorf("media %s: %w", key, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", key, err)
	}
	return &s3File{
		ctx:     ctx,
		storage: s,
		name:    name,
		size:    aws.ToInt64(head.ContentLength),
		modTime: aws.ToTime(head.LastModified),
	}, nil
}

// Delete removes the object stored under key. S3 itself does not report a
// missing object; some compatible servers do, and that is not an error
// either, so that a retried clean-up finishes.
func (s *S3) Delete(ctx context.Context, key string) error {
	name, err := s.objectKey(key)
	if err != nil {
		return err
	}
	_, err = s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(name)})
	if err != nil && !isNotFound(err) {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}

func (s *S3) head(ctx context.Context, name string) (*s3.HeadObjectOutput, error) {
	return s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(name)})
}

// isNotFound reports whether err says the object does not exist. A HEAD
// answer has no body to name the error, so a bare 404 counts too; NewS3
// has made sure the bucket exists, so a 404 cannot mean a missing bucket.
func isNotFound(err error) bool {
	var noKey *types.NoSuchKey
	var notFound *types.NotFound
	if errors.As(err, &noKey) || errors.As(err, &notFound) {
		return true
	}
	var resp *smithyhttp.ResponseError
	return errors.As(err, &resp) && resp.HTTPStatusCode() == http.StatusNotFound
}

// s3File reads an object through ranged GET requests. Seeking only moves
// the offset; the next Read opens a request from there. This is what
// http.ServeContent needs: it seeks to learn the size and to reach each
// requested range, and reads only what it sends.
type s3File struct {
	// ctx is the context of the Open call, kept because io.Reader has no
	// place for one: the lazy requests belong to the same reader request.
	ctx     context.Context
	storage *S3
	name    string
	size    int64
	modTime time.Time

	offset int64
	body   io.ReadCloser // open response from offset on; nil until read
}

func (f *s3File) Size() int64        { return f.size }
func (f *s3File) ModTime() time.Time { return f.modTime }

// Read reads from the current offset, opening a request on first use.
func (f *s3File) Read(p []byte) (int, error) {
	if f.offset >= f.size {
		// S3 refuses a range starting at the end, so the end is told here.
		return 0, io.EOF
	}
	if f.body == nil {
		body, err := f.get()
		if err != nil {
			return 0, err
		}
		f.body = body
	}
	n, err := f.body.Read(p)
	f.offset += int64(n)
	if err == io.EOF && f.offset < f.size {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// get requests the object from the current offset to its end. The end is
// left open because the caller's plans are unknown; closing the body early
// stops the transfer.
func (f *s3File) get() (io.ReadCloser, error) {
	in := &s3.GetObjectInput{Bucket: aws.String(f.storage.bucket), Key: aws.String(f.name)}
	if f.offset > 0 {
		in.Range = aws.String("bytes=" + strconv.FormatInt(f.offset, 10) + "-")
	}
	out, err := f.storage.client.GetObject(f.ctx, in)
	if isNotFound(err) {
		return nil, fmt.Errorf("read %s: %w", f.name, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.name, err)
	}
	return out.Body, nil
}

// Seek moves the offset. Any open response is dropped unless the offset
// stays put, since it no longer starts where the next Read must.
func (f *s3File) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += f.offset
	case io.SeekEnd:
		offset += f.size
	default:
		return f.offset, fmt.Errorf("seek %s: bad whence %d", f.name, whence)
	}
	if offset < 0 {
		return f.offset, fmt.Errorf("seek %s: negative offset %d", f.name, offset)
	}
	if offset != f.offset {
		f.closeBody()
		f.offset = offset
	}
	return offset, nil
}

// Close ends any open response.
func (f *s3File) Close() error {
	return f.closeBody()
}

func (f *s3File) closeBody() error {
	if f.body == nil {
		return nil
	}
	err := f.body.Close()
	f.body = nil
	return err
}
